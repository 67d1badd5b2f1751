import { createGitHubClient, explainGitHubError, type GitHubClient, type RetryPolicy } from './client.js'
import type { GithubContext } from './context.js'
import { tokenLogin } from './pr-comment.js'
import { commentMarker, previousStatus, renderComment } from '../render/comment.js'
import { environmentLine } from '../render/summary.js'
import { inline } from '../render/markdown.js'
import type { RenderContext } from '../render/summary.js'
import type { Report } from '../report/model.js'
import type { IssuePolicy } from '../settings/schema.js'

/**
 * The drift watch's issue. Between deploys nothing else looks: a certificate nears its end, a record is edited, Clerk's
 * own status changes. A scheduled run opens one issue per environment when the gate fails, keeps that one issue's body
 * current while it fails (one issue, not a comment per run), and comments and closes it when the gate passes again.
 */

/** The events of a watch: a run nobody started by pushing. Elsewhere the comment and the check run speak. */
export const WATCH_EVENTS = ['schedule', 'workflow_dispatch'] as const

/** Open issues read when looking for the watch's own (most recently updated first: a failing watch's is updated daily). */
export const MAX_ISSUE_PAGES = 10

export interface IssueWatch {
  token?: string
  policy: IssuePolicy
  context: GithubContext
  report: Report
  /** Whether the status fails the gate (fail-on's rule, whether or not the step is let pass). */
  failing: boolean
  render: RenderContext
  retry?: RetryPolicy
  budgetMs?: number
}

export interface IssueOutcome {
  action?: 'opened' | 'updated' | 'closed'
  url?: string
  notes: string[]
}

interface ExistingIssue {
  number: number
  body?: string | null
  html_url: string
  user?: { login?: string } | null
  pull_request?: unknown
}

type Repository = NonNullable<GithubContext['repository']>

/** Never throws: what could not be done is a note naming the permission that would let it. */
export async function watchIssue(w: IssueWatch): Promise<IssueOutcome> {
  if (w.policy !== 'auto' || !(WATCH_EVENTS as readonly string[]).includes(w.context.eventName ?? '')) {
    return { notes: [] }
  }
  if (!w.token) return { notes: ['issue is auto, but there is no github-token: no issue was opened or closed.'] }
  if (!w.context.repository) return { notes: ['GITHUB_REPOSITORY is not set: no issue was opened or closed.'] }
  try {
    const client = await createGitHubClient(w.token, w.retry, w.budgetMs)
    return await syncIssue(client, w.context.repository, w)
  } catch (error) {
    return { notes: [explainGitHubError(error, 'Updating the drift watch’s issue', 'issues: write', false)] }
  }
}

async function syncIssue(client: GitHubClient, repository: Repository, w: IssueWatch): Promise<IssueOutcome> {
  const environment = w.report.environment.name
  const found = await openIssue(client, repository, commentMarker(environment))
  const notes = found.notes
  const open = found.issue
  if (!w.failing) {
    if (!open) return { notes }
    await client.rest.issues.createComment({ ...repository, issue_number: open.number, body: passedText(w) })
    await client.rest.issues.update({
      ...repository,
      issue_number: open.number,
      state: 'closed',
      state_reason: 'completed',
    })
    return { action: 'closed', url: open.html_url, notes }
  }
  if (found.leftAlone) return { notes }
  const previous = open?.body ? previousStatus(open.body) : undefined
  const body = renderComment(w.report, { ...w.render, previous })
  if (open) {
    await client.rest.issues.update({ ...repository, issue_number: open.number, body })
    return { action: 'updated', url: open.html_url, notes }
  }
  const title = `Clerk preflight: ${environment} fails its checks`
  const created = await client.rest.issues.create({ ...repository, title, body })
  return { action: 'opened', url: created.data.html_url, notes }
}

/**
 * The watch's open issue for the environment: marked, and written by the identity the token acts as, so that a
 * person's issue quoting the marker is never changed or closed. Pull requests (which GitHub lists as issues) are not.
 */
async function openIssue(
  client: GitHubClient,
  repository: Repository,
  marker: string,
): Promise<{ issue?: ExistingIssue; leftAlone?: boolean; notes: string[] }> {
  const login = await tokenLogin(client)
  const notes: string[] = []
  const marked: ExistingIssue[] = []
  const pagesRead = new Set<string>()
  const pages = client.paginate.iterator(client.rest.issues.listForRepo, {
    ...repository,
    state: 'open',
    sort: 'updated',
    direction: 'desc',
    per_page: 100,
  })
  for await (const page of pages) {
    if (pagesRead.has(page.url)) break
    pagesRead.add(page.url)
    // A list, as GitHub documents it; anything else is said as what it is, not met as a TypeError.
    const issues: unknown = page.data
    if (!Array.isArray(issues)) {
      notes.push(
        `GitHub's list of open issues was not a list (${typeof issues}), so the watch's issue could not be looked for.`,
      )
      return { leftAlone: true, notes }
    }
    marked.push(
      ...(issues as ExistingIssue[]).filter(
        i =>
          typeof i === 'object' &&
          i !== null &&
          !i.pull_request &&
          typeof i.body === 'string' &&
          i.body.includes(`${marker} `),
      ),
    )
    if (pagesRead.size >= MAX_ISSUE_PAGES) {
      notes.push(
        `The repository has more than ${MAX_ISSUE_PAGES * 100} open issues; only the ${MAX_ISSUE_PAGES * 100} most recently updated were searched for the watch’s.`,
      )
      break
    }
  }
  const ours = marked.find(i => login !== undefined && i.user?.login === login)
  if (!ours && login === undefined && marked.length > 0) {
    notes.push(
      'Could not tell which identity the token acts as (GitHub’s GraphQL `viewer`), so the open issue that carries the marker was left alone and none was opened beside it.',
    )
    return { leftAlone: true, notes }
  }
  return { issue: ours, notes }
}

function passedText(w: IssueWatch): string {
  const run = w.render.runUrl ? ` ([the run](${w.render.runUrl}))` : ''
  return [
    `✅ Clerk preflight: **${inline(w.report.environment.name)}** passes its checks again${run}; closing.`,
    '',
    environmentLine(w.report),
  ].join('\n')
}
