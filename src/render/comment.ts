import type { Report } from '../report/model.js'
import { inline } from './markdown.js'
import { present } from './presentation.js'
import {
  STATUS_ICON,
  environmentLine,
  noteLines,
  renderPresentation,
  verdictLine,
  type RenderContext,
} from './summary.js'

/** GitHub refuses comments longer than this. */
export const COMMENT_LIMIT = 65_536

/** The hidden line that finds a run's comment again: one per pull request and environment. */
export function commentMarker(environment: string): string {
  // Percent-encoded: an environment name is outside data, and `-->` in it would close the comment and let the rest
  // of the name render as HTML. Plain names (production) read as before.
  return `<!-- clerk-preflight environment="${encodeURIComponent(environment)}"`
}

/** The status a previous comment recorded, so that a pass after a failure can say so. */
export function previousStatus(body: string): Report['status'] | undefined {
  return /<!-- clerk-preflight environment="[^"]*" status="(pass|warn|fail)" -->/.exec(body)?.[1] as
    Report['status'] | undefined
}

export interface CommentContext extends RenderContext {
  /** The body of the comment this one replaces: this action's own, found by its marker and author. */
  previous?: string
}

/**
 * The pull-request comment. A run with something to fix: the verdict, then each problem with its fix, laid out for a
 * reviewer (`brief`). A green run: one line, the verdict and a link to the run; what an earlier run found is kept
 * under it, folded, as outdated.
 */
export function renderComment(report: Report, context: CommentContext): string {
  const presentation = present(report)
  const marker = `${commentMarker(report.environment.name)} status="${report.status}" -->`
  if (report.status === 'pass') return greenComment(report, marker, context)
  const head = [
    marker,
    `### ${verdictLine(presentation, context)}`,
    '',
    environmentLine(report, true) + (context.runUrl ? ` · [the run](${context.runUrl})` : ''),
    ...noteLines(context.notes ?? []),
  ]
  const where = context.runUrl
    ? `the [job summary](${context.runUrl}) or the JSON report`
    : 'the job summary or the JSON report'
  return renderPresentation(head.join('\n'), presentation, {
    style: 'brief',
    level: 4,
    limit: COMMENT_LIMIT,
    whereLeftOut: `in a comment: see ${where}`,
    checksDoc: context.checksDoc,
  })
}

/** Opens what an earlier run found, kept folded under a green comment. */
const OUTDATED = '<details><summary>Outdated: '

function greenComment(report: Report, marker: string, context: CommentContext): string {
  const before = context.previous ? previousStatus(context.previous) : undefined
  const verdict = `${STATUS_ICON.pass} Clerk preflight: **${inline(report.environment.name)}** is ready${before && before !== 'pass' ? ': all checks pass now' : ''}`
  const line = context.runUrl ? `${verdict} · [the run](${context.runUrl})` : verdict
  const head = [marker, line, ...noteLines(context.notes ?? [])].join('\n')
  const outdated = outdatedDetail(context.previous, before)
  // A comment longer than GitHub takes loses what is outdated, never the verdict.
  return outdated && head.length + outdated.length + 2 <= COMMENT_LIMIT ? `${head}\n\n${outdated}` : head
}

/**
 * What the comment said before it turned green, folded: the previous body without its marker; a comment green
 * already keeps what it had folded. The body is this action's own rendering, so its Markdown is already escaped.
 */
function outdatedDetail(previous: string | undefined, before: Report['status'] | undefined): string | undefined {
  if (!previous || !before) return undefined
  if (before === 'pass') {
    const at = previous.indexOf(`\n\n${OUTDATED}`)
    return at >= 0 ? previous.slice(at + 2) : undefined
  }
  const detail = previous.slice(previous.indexOf('\n') + 1).trim()
  return `${OUTDATED}what the run before found (<code>${before}</code>)</summary>\n\n${detail}\n\n</details>`
}
