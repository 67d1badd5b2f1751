import { escapeCell } from './markdown.js'
import type { CheckResult, Report, Status } from './report-model.js'

export const STATUS_ICON: Record<Status | Report['status'], string> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  error: '⛔',
  skip: '⏭️',
}

const SEVERITY: Record<Status, number> = { error: 0, fail: 1, warn: 2, pass: 3, skip: 4 }

export function bySeverity(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status])
}

export function verdictLine(report: Report): string {
  const env = report.environment
  const what = { pass: 'ready', warn: 'ready, with warnings', fail: 'not ready' }[report.status]
  return `${STATUS_ICON[report.status]} Clerk preflight: **${escapeCell(env.name)}** is ${what}`
}

export function countsLine(report: Report): string {
  const c = report.counts
  return `${c.pass} pass · ${c.warn} warn · ${c.fail} fail · ${c.error} error · ${c.skip} skip`
}

/** The job summary: the verdict, then every result with its fix, worst first. */
export function renderSummary(report: Report): string {
  const env = report.environment
  const lines = [
    `## ${verdictLine(report)}`,
    '',
    env.instanceType
      ? `Environment \`${escapeCell(env.name)}\` (from ${env.source}), ${env.instanceType} instance · ${countsLine(report)} · ${report.durationMs} ms`
      : `Environment unknown · ${countsLine(report)}`,
    '',
    '| | Check | Subject | Result | Fix |',
    '|---|---|---|---|---|',
    ...bySeverity(report.checks).map(
      c =>
        `| ${STATUS_ICON[c.status]} | \`${c.id}\` | ${escapeCell(c.subject)} | ${escapeCell(c.message)} | ${escapeCell(c.fix ?? '')} |`,
    ),
    '',
  ]
  return lines.join('\n')
}
