import type { Report } from '../report/model.js'
import { bySeverity } from './summary.js'

/** Plain lines for the job log: one per result, its fix indented below. */
export function renderLog(report: Report): string[] {
  const lines = [`Clerk preflight for ${report.environment.name}: ${report.status}`]
  for (const c of bySeverity(report.checks)) {
    lines.push(`${c.status.toUpperCase().padEnd(5)} ${c.id} [${c.subject}] ${c.message}`)
    if (c.fix && c.status !== 'pass' && c.status !== 'skip') lines.push(`      fix: ${c.fix}`)
  }
  return lines
}
