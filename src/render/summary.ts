import { code, escapeMarkdown } from './markdown.js'
import type { CheckResult, Report, Status } from '../report/model.js'

export const STATUS_ICON: Record<Status | Report['status'], string> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  error: '⛔',
  skip: '⏭️',
}

const SEVERITY: Record<Status, number> = { error: 0, fail: 1, warn: 2, pass: 3, skip: 4 }

/** What the renderers say besides the report: who overrode the gate, and what could not be published. */
export interface RenderContext {
  overriddenBy?: string
  runUrl?: string
  notes?: string[]
}

export function bySeverity(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status])
}

/** The one line a human reads first. An override is said plainly and never shown as a pass. */
export function verdictLine(report: Report, context: RenderContext = {}): string {
  const what = { pass: 'ready', warn: 'ready, with warnings', fail: 'not ready' }[report.status]
  const line = `${STATUS_ICON[report.status]} Clerk preflight: **${escapeMarkdown(report.environment.name)}** is ${what}`
  return context.overriddenBy && report.status !== 'pass'
    ? `${line}, overridden by label ${code(context.overriddenBy)}: the gate does not block`
    : line
}

export function countsLine(report: Report): string {
  const c = report.counts
  return `${c.pass} pass · ${c.warn} warn · ${c.fail} fail · ${c.error} error · ${c.skip} skip`
}

export function environmentLine(report: Report): string {
  const env = report.environment
  return env.instanceType
    ? `Environment ${code(env.name)} (from ${env.source}), ${env.instanceType} instance · ${countsLine(report)} · ${report.durationMs} ms`
    : `Environment unknown · ${countsLine(report)}`
}

export function resultRow(c: CheckResult, withFix = true): string {
  const cells = [STATUS_ICON[c.status], code(c.id), escapeMarkdown(c.subject), escapeMarkdown(c.message)]
  if (withFix) cells.push(escapeMarkdown(c.fix ?? ''))
  return `| ${cells.join(' | ')} |`
}

export const TABLE_HEAD = ['| | Check | Subject | Result | Fix |', '|---|---|---|---|---|']

/** The job summary: the verdict, then every result with its fix, worst first. */
export function renderSummary(report: Report, context: RenderContext = {}): string {
  return [
    `## ${verdictLine(report, context)}`,
    '',
    environmentLine(report),
    ...(context.notes ?? []).map(note => `\n> [!WARNING]\n> ${escapeMarkdown(note)}`),
    '',
    ...TABLE_HEAD,
    ...bySeverity(report.checks).map(c => resultRow(c)),
    '',
  ].join('\n')
}
