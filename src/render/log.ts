import type { Report } from '../report/model.js'
import { bySeverity } from './summary.js'

/** The job log: the findings in the open, what passed or was skipped in a group the reader opens when curious. */
export interface LogText {
  findings: string[]
  quiet: { title: string; lines: string[] }
}

/**
 * One line of the log, safe to print: the runner reads any line that starts with `::` (or `##[`), after leading
 * blanks, as a workflow command, so a newline in outside data (a file name, a list entry, a config key) could start
 * one of its own, `::stop-commands::` silencing every annotation after it. Line breaks become a visible mark, and a
 * line that would still read as a command is shifted.
 */
export function logLine(text: string): string {
  const line = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ⏎ ')
  return /^\s*(::|##\[)/.test(line) ? `» ${line}` : line
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
  return {
    findings: findings.map(logLine),
    quiet: { title: `${pass} passed, ${skip} skipped`, lines: quiet.map(logLine) },
  }
}
