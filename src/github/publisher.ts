import { checkRunAnnotations } from './annotations.js'
import { checkRunName, publishCheckRun } from './check-run.js'
import type { GateVerdict } from '../gate.js'
import { createGitHubClient, explainGitHubError, type RetryPolicy } from './client.js'
import { commitOf, mayHeadAPullRequest, pullRequestOf, type GithubContext } from './context.js'
import { findPullRequest, type FoundPullRequest } from './pull-request.js'
import { upsertComment } from './pr-comment.js'
import { renderComment } from '../render/comment.js'
import { problemLines } from '../render/log.js'
import { present, verdictText } from '../render/presentation.js'
import { CHECK_RUN_SUMMARY_LIMIT, renderSummary, type RenderContext } from '../render/summary.js'
import type { Report } from '../report/model.js'
import type { CommentPolicy } from '../settings/schema.js'

export interface Published {
  /** What could not be published, and why. */
  notes: string[]
  commentUrl?: string
  checkRunUrl?: string
}

export interface Publication {
  token?: string
  comment: CommentPolicy
  checkRun: boolean
  context: GithubContext
  report: Report
  verdict: GateVerdict
  render: RenderContext
  configPath: string
  retry?: RetryPolicy
  /** What is left of the run for GitHub's calls, retries included. */
  budgetMs?: number
  /** The run's pull request, when it was found already (with the checks, to read its files); else found here. */
  pullRequest?: FoundPullRequest
  /** The pull request to comment on, before the event's (the `pr-number` input), when it is found here. */
  prNumber?: number
}

/**
 * Puts the report on GitHub: the pull-request comment and the check run. Never throws and never changes the gate:
 * what could not be published comes back as notes (with the permission that would fix it) for the job summary.
 */
export async function publishToGitHub(p: Publication): Promise<Published> {
  const notes: string[] = []
  const published: Published = { notes }
  const commit = commitOf(p.context)
  // `pr-number`, the event's, or the commit's: found once for the run, its files read with the checks.
  const found =
    p.pullRequest ??
    (await findPullRequest({
      token: p.token,
      context: p.context,
      prNumber: p.prNumber,
      budgetMs: p.budgetMs,
      retry: p.retry,
    }))
  if (!p.pullRequest) notes.push(...found.notes)
  const pr = found.pr
  const lookUp = !pr && p.comment !== 'false' && commit !== undefined && mayHeadAPullRequest(p.context)
  if (!pr && !lookUp && !p.checkRun) {
    if (p.comment === 'always') notes.push(notOnPullRequest(p))
    return published
  }
  if (!p.token) {
    notes.push('No github-token: the report was not published to GitHub. Pass `github-token: ${{ github.token }}`.')
    return published
  }
  if (!p.context.repository) {
    notes.push('GITHUB_REPOSITORY is not set: the report was not published to GitHub.')
    return published
  }
  const repository = p.context.repository

  let client
  try {
    client = await createGitHubClient(p.token, p.retry, p.budgetMs)
  } catch (error) {
    notes.push(explainGitHubError(error, 'Connecting to GitHub', 'pull-requests: write', forkPossible(p)))
    return published
  }
  if (p.comment === 'always' && !pr) notes.push(notOnPullRequest(p))
  const commentOn = p.comment !== 'false' ? pr : undefined
  if (commentOn) published.commentUrl = await comment(client, { ...repository, number: commentOn.number }, p, notes)
  if (p.checkRun) {
    const headSha = pr?.headSha ?? commit
    if (headSha) published.checkRunUrl = await checkRun(client, { ...repository, headSha }, p, notes)
    else notes.push('check-run is true, but the run has no commit (GITHUB_SHA) to attach a check run to.')
  }
  return published
}

type Client = Awaited<ReturnType<typeof createGitHubClient>>
type Repository = NonNullable<GithubContext['repository']>

/** The statuses on which each policy starts a comment; one already there is always updated (a fixed one turns green). */
const CREATE_ON: Record<CommentPolicy, ReadonlyArray<Report['status']>> = {
  auto: ['warn', 'fail'],
  'on-failure': ['fail'],
  always: ['pass', 'warn', 'fail'],
  false: [],
}

/** The pull-request comment: started when the policy says so, updated in place, one line once green. */
async function comment(
  client: Client,
  on: Repository & { number: number },
  p: Publication,
  notes: string[],
): Promise<string | undefined> {
  try {
    const outcome = await upsertComment(
      client,
      on,
      p.report.environment.name,
      previous => renderComment(p.report, { ...p.render, previous }),
      () => CREATE_ON[p.comment].includes(p.report.status),
    )
    notes.push(...outcome.notes)
    return outcome.url
  } catch (error) {
    notes.push(explainGitHubError(error, 'Updating the pull-request comment', 'pull-requests: write', forkPossible(p)))
    return undefined
  }
}

/** The check run: failure when the gate fails, neutral when a failure did not fail it (override, fail-on). */
async function checkRun(
  client: Client,
  on: Repository & { headSha: string },
  p: Publication,
  notes: string[],
): Promise<string | undefined> {
  const by = p.render.overrideAppliedBy ? `, applied by ${p.render.overrideAppliedBy}` : ''
  const overridden = p.verdict.overriddenBy ? ` (overridden by ${p.verdict.overriddenBy}${by})` : ''
  try {
    return await publishCheckRun(client, {
      ...on,
      name: checkRunName(p.report),
      conclusion: p.verdict.fail
        ? 'failure'
        : p.verdict.overriddenBy || p.report.status === 'fail'
          ? 'neutral'
          : 'success',
      title: `${verdictText(present(p.report))}${overridden}`,
      summary: renderSummary(p.report, p.render, CHECK_RUN_SUMMARY_LIMIT),
      annotations: checkRunAnnotations(
        problemLines(present(p.report)),
        p.configPath,
        p.context.workflowPath ?? p.configPath,
      ),
    })
  } catch (error) {
    notes.push(explainGitHubError(error, 'Publishing the check run', 'checks: write', forkPossible(p)))
    return undefined
  }
}

/** Only a pull_request run can be a fork's, whose token GitHub makes read-only whatever the workflow grants. */
function forkPossible(p: Publication): boolean {
  return pullRequestOf(p.context) !== undefined
}

function notOnPullRequest(p: Publication): string {
  return `comment is always, but this run (${p.context.eventName ?? 'no event'}) belongs to no pull request: there is nothing to comment on. Set \`pr-number\` to name one.`
}
