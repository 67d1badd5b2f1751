import type { getOctokit } from '@actions/github'
import type { Octokit } from '@octokit/core'

export type GitHubClient = ReturnType<typeof getOctokit>

/** Everything a run asks GitHub, retries included, happens within this budget: a hung API never hangs the job. */
export const GITHUB_BUDGET_MS = 60_000

/** How often a failed request is tried in all, and the unit of the back-off between tries (1, 4, 9 units). */
export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
}

export const RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1000 }

/**
 * @actions/github's client (GITHUB_API_URL, the runner's proxy settings), with Octokit's retry plugin for 5xx and
 * network faults and its throttling plugin for rate limits (which also spaces writes a second apart, as GitHub asks of
 * integrations). A rate limit is waited out only when its retry-after fits in what is left of the budget. Loaded
 * only by runs that publish to GitHub.
 */
export async function createGitHubClient(
  token: string,
  policy: RetryPolicy = RETRY,
  budgetMs = GITHUB_BUDGET_MS,
): Promise<GitHubClient> {
  // One after another: Jest's ES module loader fails on two concurrent imports that share a module.
  const { getOctokit } = await import('@actions/github')
  const { defaults } = await import('@actions/github/lib/utils')
  const { retry } = await import('@octokit/plugin-retry')
  const { throttling } = await import('@octokit/plugin-throttling')
  const deadline = Date.now() + budgetMs
  const signal = AbortSignal.timeout(budgetMs)
  const waitFits = (retryAfterSeconds: number, _options: unknown, _octokit: unknown, retryCount: number) =>
    retryCount + 1 < policy.attempts && Date.now() + retryAfterSeconds * policy.baseDelayMs < deadline
  // @actions/github reads GITHUB_API_URL once, when it is loaded; a run (or a test) may have set it since.
  const baseUrl = process.env.GITHUB_API_URL || 'https://api.github.com'
  /**
   * Registered before the retry plugin, so it sees a failure first: once the budget's signal has fired, or when the
   * retry's back-off (1, 4, 9 units) would end past the deadline, or GitHub's API sent the request to another host,
   * the error goes on without what marks it for a retry (its `request`), and nothing sleeps past the deadline. A
   * write (anything but a GET) that failed is final too: a 502 or a cut connection does not say whether GitHub acted,
   * and sending it again could open a second issue or post a second comment. Only a rate limit, which GitHub answers
   * without acting, is waited out for a write.
   */
  const noRetryPastDeadline = (octokit: Octokit) => {
    octokit.hook.error('request', (error: RequestFailure, options) => {
      const tried = (options.request as { retryCount?: number } | undefined)?.retryCount ?? 0
      const backOff = (tried + 1) ** 2 * policy.baseDelayMs
      const final =
        signal.aborted ||
        Date.now() + backOff >= deadline ||
        error.cause instanceof RedirectElsewhere ||
        (options.method !== 'GET' && !rateLimited(error))
      if (!final) throw error
      throw Object.assign(new Error(error.message), {
        name: error.name,
        status: error.status,
        response: error.response,
        cause: error.cause,
      })
    })
  }
  return getOctokit(
    token,
    {
      baseUrl,
      userAgent: 'clerk-preflight',
      // Octokit replaces `request` whole: keep @actions/github's proxy-aware agent and fetch beside the budget's signal.
      request: { ...defaults.request, fetch: sameHostRedirectsOnly(defaults.request?.fetch, baseUrl), signal },
      retry: { retries: policy.attempts - 1, retryAfterBaseValue: policy.baseDelayMs },
      // retry-after is in seconds, its unit the policy's (a second, but for tests).
      throttle: { onRateLimit: waitFits, onSecondaryRateLimit: waitFits, retryAfterBaseValue: policy.baseDelayMs },
    },
    noRetryPastDeadline,
    retry,
    throttling,
  )
}

type RequestFailure = Error & { status?: number; response?: unknown }

/** GitHub's rate limits (primary and secondary): refused before anything was done, so a write may wait and go again. */
function rateLimited(error: RequestFailure): boolean {
  return error.status === 429 || (error.status === 403 && /rate limit/i.test(error.message))
}

/** GitHub's API sent a request to another host: the token is not taken there, and the user is told where. */
export class RedirectElsewhere extends Error {
  constructor(readonly location: string) {
    super(`GitHub's API redirected the request to another host (${location}), which is not followed`)
  }
}

/** The most redirects followed within GitHub's own API (a renamed repository answers with one). */
const MAX_REDIRECTS = 5

/**
 * Follows redirects within the API's own origin only. fetch would follow one to any host, and a failure there read as
 * GitHub's own ("GitHub answered 500 (bad port)").
 */
function sameHostRedirectsOnly(base: typeof fetch | undefined, apiUrl: string): typeof fetch {
  const send = base ?? fetch
  const origin = new URL(apiUrl).origin
  return async (input, init) => {
    let target = input instanceof Request ? input.url : String(input)
    for (let hops = 0; ; hops++) {
      const response = await send(target, { ...init, redirect: 'manual' })
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) return response
      const next = URL.canParse(location, target) ? new URL(location, target) : undefined
      if (!next || next.origin !== origin) throw new RedirectElsewhere(next ? next.origin : '(not a URL)')
      if (hops >= MAX_REDIRECTS)
        throw new RedirectElsewhere(`more than ${MAX_REDIRECTS} redirects, last ${next.origin}`)
      target = next.toString()
    }
  }
}

interface HttpError {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined> }
}

/** What a failed GitHub call means for the user, and which permission or setting fixes it. */
export function explainGitHubError(error: unknown, what: string, permission: string, forkPossible: boolean): string {
  const e = error as HttpError
  const message = e.message ?? String(error)
  const retryAfter = e.response?.headers?.['retry-after']
  // Octokit reports an aborted request (the budget ran out) as a 500 of its own, with no response.
  const cause = (error as { cause?: { name?: string; message?: string } }).cause
  if (cause instanceof RedirectElsewhere) return `${what} failed: ${cause.message}. Check GITHUB_API_URL.`
  if (!e.response && /abort|timeout/i.test(`${message} ${(error as Error).name} ${cause?.name} ${cause?.message}`))
    return `${what} failed: GitHub did not answer within the time the run has for it (at most ${GITHUB_BUDGET_MS / 1000} s, less when run-timeout-ms is near).`
  if ((e.status === 403 || e.status === 429) && /rate limit/i.test(message))
    return `${what} failed: GitHub's rate limit stopped it (${e.status}: ${message}${retryAfter !== undefined ? `; retry-after ${retryAfter} s` : ''}), and waiting would not fit in the run's time. Run the job again later.`
  if (e.status === 403 && /not accessible by integration/i.test(message)) {
    return `${what} failed: the token may not write here (403 "Resource not accessible by integration"). ${forkPossible ? 'A pull request from a fork always gets a read-only token; otherwise grant' : 'Grant'} the job \`permissions: ${permission}\`. The findings are in the job summary.`
  }
  if (e.status === 401) return `${what} failed: GitHub refused the token (401). Check the github-token input.`
  if (e.status === 403)
    return `${what} failed: GitHub refused (403: ${message}). Grant the job \`permissions: ${permission}\`.`
  if (e.status === 404)
    return `${what} failed: GitHub answered 404; the token may not see this repository, or needs \`permissions: ${permission}\`.`
  if (e.status === undefined) return `${what} failed: GitHub could not be reached (${message}).`
  return `${what} failed: GitHub answered ${e.status} (${message}).`
}
