import { escapeMarkdown } from './markdown.js'
import type { Report } from '../report/model.js'
import { bySeverity, environmentLine, resultRow, TABLE_HEAD, verdictLine, type RenderContext } from './summary.js'

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
  const head = [
    `${commentMarker(report.environment.name)} status="${report.status}" -->`,
    `### ${verdictLine(report, context)}`,
    '',
    report.status === 'pass' && context.previous && context.previous !== 'pass'
      ? `All checks pass now; the previous run was \`${context.previous}\`.\n`
      : '',
    environmentLine(report) + (context.runUrl ? ` · [the run](${context.runUrl})` : ''),
    ...(context.notes ?? []).map(note => `\n> [!WARNING]\n> ${escapeMarkdown(note)}`),
    '',
  ]
  const problems = bySeverity(report.checks).filter(c => c.status !== 'pass' && c.status !== 'skip')
  const others = bySeverity(report.checks).filter(c => c.status === 'pass' || c.status === 'skip')
  const sections = [
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
  return fit(head.join('\n'), sections, context.runUrl)
}

/** Adds rows while they fit GitHub's limit, then says how many were left out and where to find them. */
function fit(head: string, sections: string[][], runUrl?: string): string {
  const reserve = 400
  let body = head
  let left = 0
  for (const section of sections) {
    for (const line of section) {
      if (left === 0 && body.length + line.length + 1 <= COMMENT_LIMIT - reserve) body += `\n${line}`
      else if (line.startsWith('| ') && !line.startsWith('| |')) left++
    }
  }
  if (body.split('<details>').length > body.split('</details>').length) body += '\n\n</details>'
  if (left > 0) {
    const where = runUrl ? `the [job summary](${runUrl})` : 'the job summary'
    body += `\n\n*${left} more results did not fit in a comment: see ${where} or the JSON report.*`
  }
  return body
}
