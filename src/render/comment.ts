import type { Report } from '../report/model.js'
import { present } from './presentation.js'
import { environmentLine, noteLines, renderPresentation, verdictLine, type RenderContext } from './summary.js'

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
  previous?: Report['status']
}

export function renderComment(report: Report, context: CommentContext): string {
  const presentation = present(report)
  const head = [
    `${commentMarker(report.environment.name)} status="${report.status}" -->`,
    `### ${verdictLine(presentation, context)}`,
    '',
    report.status === 'pass' && context.previous && context.previous !== 'pass'
      ? `All checks pass now; the previous run was \`${context.previous}\`.\n`
      : '',
    environmentLine(report) + (context.runUrl ? ` · [the run](${context.runUrl})` : ''),
    ...noteLines(context.notes ?? []),
  ]
  const where = context.runUrl
    ? `the [job summary](${context.runUrl}) or the JSON report`
    : 'the job summary or the JSON report'
  return renderPresentation(
    head.join('\n'),
    presentation,
    4,
    COMMENT_LIMIT,
    `in a comment: see ${where}`,
    context.checksDoc,
  )
}
