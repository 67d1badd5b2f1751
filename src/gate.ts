import type { FAIL_ON } from './settings-schema.js'
import type { Report } from './report-model.js'

export interface GateVerdict {
  fail: boolean
  reason: string
}

/** Whether the step fails. Invalid inputs or configuration always fail: nothing was verified. */
export function gate(report: Report, failOn: (typeof FAIL_ON)[number], configValid: boolean): GateVerdict {
  if (!configValid) return { fail: true, reason: 'The inputs or configuration are invalid: see the config results.' }
  const summary = `Clerk preflight: ${report.status} for ${report.environment.name}`
  if (failOn === 'never') return { fail: false, reason: `${summary} (fail-on: never)` }
  if (report.status === 'fail') return { fail: true, reason: `${summary}: a check failed or could not be evaluated` }
  if (report.status === 'warn' && failOn === 'warning') return { fail: true, reason: `${summary} (fail-on: warning)` }
  return { fail: false, reason: summary }
}
