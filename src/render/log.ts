import type { Report } from '../report/model.js'
import { bySeverity } from './summary.js'

/** The job log: the findings in the open, what passed or was skipped in a group the reader opens when curious. */
export interface LogText {
  findings: string[]
  quiet: { title: string; lines: string[] }
}

/** Plain lines for the job log: one per result, its fix indented below. */
export function renderLog(report: Report): LogText {
  const findings = [`Clerk preflight for ${report.environment.name}: ${report.status}`]
  const quiet: string[] = []
  for (const c of bySeverity(report.checks)) {
    const line = `${c.status.toUpperCase().padEnd(5)} ${c.id} [${c.subject}] ${c.message}`
    if (c.status === 'pass' || c.status === 'skip') {
      quiet.push(line)
      continue
    }
    findings.push(line)
    if (c.fix) findings.push(`      fix: ${c.fix}`)
  }
  const { pass, skip } = report.counts
  return { findings, quiet: { title: `${pass} passed, ${skip} skipped`, lines: quiet } }
}
