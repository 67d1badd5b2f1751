import { createGitHubClient, explainGitHubError, type RetryPolicy } from './client.js'
import { commitOf, mayHeadAPullRequest, pullRequestOf, type GithubContext, type PullRequestRef } from './context.js'

/** The pull request a run is about, and how it was found; what could not be asked is a note. */
export interface FoundPullRequest {
  pr?: PullRequestRef
  via?: 'event' | 'pr-number' | 'commit'
  notes: string[]
}

export interface PullRequestQuestion {
  token?: string
  context: GithubContext
  /** The `pr-number` input: it names the pull request on every event. */
  prNumber?: number
  budgetMs?: number
  retry?: RetryPolicy
}

/**
 * Every path to the run's pull request, in one place, so that each one gets the same treatment after (its changed
 * files read, its comment): `pr-number`, else the event's, else (deployment, deployment_status, a push to a branch
 * other than the default) the open pull request whose head is the run's commit.
 */
export async function findPullRequest(q: PullRequestQuestion): Promise<FoundPullRequest> {
  const eventPr = pullRequestOf(q.context)
  if (q.prNumber) {
    // The labels and head are the event's only when it is the same pull request; another one's are not known here.
    const same = eventPr?.number === q.prNumber ? eventPr : undefined
    return {
      pr: { number: q.prNumber, labels: same?.labels ?? [], headSha: same?.headSha },
      via: 'pr-number',
      notes: [],
    }
  }
  if (eventPr) return { pr: eventPr, via: 'event', notes: [] }
  const commit = commitOf(q.context)
  const repository = q.context.repository
  // Looked up whatever `comment` says: the pull request's changed files are read on every path (the file it changed).
  if (!commit || !mayHeadAPullRequest(q.context) || !q.token || !repository) return { notes: [] }
  let client
  try {
    client = await createGitHubClient(q.token, q.retry, q.budgetMs)
  } catch (error) {
    return { notes: [explainGitHubError(error, 'Connecting to GitHub', 'pull-requests: write', false)] }
  }
  try {
    const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({ ...repository, commit_sha: commit })
    // The answer is outside data: a list of objects as GitHub documents, else nothing is found in it.
    const open = (Array.isArray(data) ? (data as unknown[]) : []).find(
      (candidate): candidate is (typeof data)[number] =>
        typeof candidate === 'object' &&
        candidate !== null &&
        (candidate as { state?: unknown }).state === 'open' &&
        (candidate as { head?: { sha?: unknown } }).head?.sha === commit &&
        Number.isSafeInteger((candidate as { number?: unknown }).number),
    )
    if (!open) return { notes: [] }
    const labels = Array.isArray(open.labels)
      ? open.labels.flatMap(l => (typeof l?.name === 'string' ? [l.name] : []))
      : []
    return { pr: { number: open.number, headSha: commit, labels }, via: 'commit', notes: [] }
  } catch (error) {
    // A run about a commit is never a fork's: a refusal is this workflow's own permissions.
    return {
      notes: [
        refused(error)
          ? `Finding the pull request of commit ${commit.slice(0, 12)} was refused (${(error as { status: number }).status}): the job's token may not read pull requests. To have the comment, grant the job \`permissions: pull-requests: write\`; else set \`comment: false\`, and nothing is looked up.`
          : explainGitHubError(error, 'Finding the pull request of the commit', 'pull-requests: write', false),
      ],
    }
  }
}

/** GitHub refused a read: 403 without a rate limit, or 404 (how GitHub hides what a token may not see). */
function refused(error: unknown): boolean {
  const { status, message } = error as { status?: number; message?: string }
  return status === 404 || (status === 403 && !/rate limit/i.test(message ?? ''))
}
