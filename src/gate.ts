import type { FAIL_ON } from './settings/schema.js'
import type { Report } from './report/model.js'
import { present, verdictText } from './render/presentation.js'

export interface GateVerdict {
  fail: boolean
  reason: string
  /** The label that kept a failing gate open. */
  overriddenBy?: string
}

/**
 * Whether the step fails. Invalid inputs or configuration always fail: nothing was verified. A pull-request label can
 * keep a failing gate open; the verdict then says so rather than passing quietly.
 */
export function gate(
  report: Report,
  failOn: (typeof FAIL_ON)[number],
  configValid: boolean,
  overrideLabel?: string,
): GateVerdict {
  if (!configValid) return { fail: true, reason: 'The inputs or configuration are invalid: see the config results.' }
  // The one line on the checks page: it names what failed.
  const summary = verdictText(present(report))
  let verdict: GateVerdict = { fail: false, reason: summary }
  if (failOn === 'never') verdict = { fail: false, reason: `${summary} (fail-on: never)` }
  else if (report.status === 'fail') verdict = { fail: true, reason: summary }
  else if (report.status === 'warn' && failOn === 'warning')
    verdict = { fail: true, reason: `${summary} (fail-on: warning)` }
  if (verdict.fail && overrideLabel) {
    return {
      fail: false,
      overriddenBy: overrideLabel,
      reason: `${verdict.reason}; overridden by the label ${overrideLabel}`,
    }
  }
  return verdict
}
