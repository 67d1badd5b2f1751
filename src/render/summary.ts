import { code, inline } from './markdown.js'
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

/** What could not be done (published, asked of GitHub), each as a warning block. */
export function noteLines(notes: readonly string[]): string[] {
  return notes.map(note => `\n> [!WARNING]\n> ${inline(note)}`)
}

/** The one line a human reads first. An override is said plainly and never shown as a pass. */
export function verdictLine(report: Report, context: RenderContext = {}): string {
  const what = { pass: 'ready', warn: 'ready, with warnings', fail: 'not ready' }[report.status]
  const line = `${STATUS_ICON[report.status]} Clerk preflight: **${inline(report.environment.name)}** is ${what}`
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
  const cell = { table: true }
  const cells = [STATUS_ICON[c.status], code(c.id, cell), inline(c.subject, cell), inline(c.message, cell)]
  if (withFix) cells.push(inline(c.fix ?? '', cell))
  return `| ${cells.join(' | ')} |`
}

export const TABLE_HEAD = ['| | Check | Subject | Result | Fix |', '|---|---|---|---|---|']

/** GitHub drops a step summary over 1 MiB: this leaves room for what other steps write (bytes). */
export const SUMMARY_LIMIT = 1_000_000

/** What a check run's output summary may hold (characters). */
export const CHECK_RUN_SUMMARY_LIMIT = 65_535

/**
 * The job summary (and the check run's): the verdict, then the problems with their fixes, worst first, and what
 * passed or was skipped folded away, as in the pull-request comment. Cut to `limit` bytes with a note when needed.
 */
export function renderSummary(report: Report, context: RenderContext = {}, limit = SUMMARY_LIMIT): string {
  const head = [
    `## ${verdictLine(report, context)}`,
    '',
    environmentLine(report),
    ...noteLines(context.notes ?? []),
    '',
  ]
  return `${fitResults(head.join('\n'), report, limit, 'here: see the JSON report (the report-file output)')}\n`
}

/** Problems in a table with their fixes; passes and skips in a folded table after it. */
function resultSections(report: Report): string[][] {
  const problems = bySeverity(report.checks).filter(c => c.status !== 'pass' && c.status !== 'skip')
  const others = bySeverity(report.checks).filter(c => c.status === 'pass' || c.status === 'skip')
  return [
    problems.length > 0 ? [...TABLE_HEAD, ...problems.map(c => resultRow(c))] : [],
    others.length > 0
      ? [
          '',
          `<details><summary>${others.length} passing or skipped</summary>`,
          '',
          '| | Check | Subject | Result |',
          '|---|---|---|---|',
          ...others.map(c => resultRow(c, false)),
          '',
          '</details>',
        ]
      : [],
  ]
}

/**
 * The head, then result rows while they fit in `limit` bytes (bytes bound characters too), then how many were left
 * out and where they are. GitHub refuses or drops what is larger.
 */
export function fitResults(head: string, report: Report, limit: number, whereLeftOut: string): string {
  const reserve = 400
  // The head holds outside data too (a deployment's environment name, GitHub's answers in notes).
  let body =
    Buffer.byteLength(head) > limit - 2 * reserve
      ? `${Buffer.from(head)
          .subarray(0, limit - 2 * reserve)
          .toString()}…\n\n*The head was cut to fit.*`
      : head
  let size = Buffer.byteLength(body)
  let left = 0
  for (const section of resultSections(report)) {
    for (const line of section) {
      const lineSize = Buffer.byteLength(line) + 1
      if (left === 0 && size + lineSize <= limit - reserve) {
        body += `\n${line}`
        size += lineSize
      } else if (line.startsWith('| ') && !line.startsWith('| |')) left++
    }
  }
  if (body.split('<details>').length > body.split('</details>').length) body += '\n\n</details>'
  if (left > 0) body += `\n\n*${left} more result${left === 1 ? '' : 's'} did not fit ${whereLeftOut}.*`
  return body
}
