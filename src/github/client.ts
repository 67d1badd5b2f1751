import type { Octokit } from '@octokit/core'
import type { PaginateInterface } from '@octokit/plugin-paginate-rest'
import type { Api } from '@octokit/plugin-rest-endpoint-methods'

export type GitHubClient = Octokit & Api & { paginate: PaginateInterface }

/** Everything a run asks GitHub, retries included, happens within this budget: a hung API never hangs the job. */
export const GITHUB_BUDGET_MS = 60_000

/**
 * Octokit, as @actions/github builds it (core, REST methods, pagination) but on Node's own fetch: @actions/github
 * adds an HTTP stack of its own that would be most of the bundle. Loaded only by runs that publish to GitHub.
 */
export async function createGitHubClient(token: string, budgetMs = GITHUB_BUDGET_MS): Promise<GitHubClient> {
  const [{ Octokit }, { restEndpointMethods }, { paginateRest }] = await Promise.all([
    import('@octokit/core'),
    import('@octokit/plugin-rest-endpoint-methods'),
    import('@octokit/plugin-paginate-rest'),
  ])
  const Client = Octokit.plugin(restEndpointMethods, paginateRest)
  return new Client({
    auth: token,
    // GITHUB_API_URL: GitHub Enterprise Server, or a test's stand-in.
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    userAgent: 'clerk-preflight',
    request: { signal: AbortSignal.timeout(budgetMs) },
  }) as unknown as GitHubClient
}

interface HttpError {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined> }
}

export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000 }

function retryAfterMs(error: HttpError): number | undefined {
  const value = error.response?.headers?.['retry-after']
  const seconds = value === undefined ? NaN : Number(value)
  return Number.isFinite(seconds) ? seconds * 1000 : undefined
}

/** 5xx, 429 and GitHub's secondary rate limits (403 with retry-after or saying so) are worth another try. */
export function isRetryable(error: unknown): boolean {
  const e = error as HttpError
  if (e.status === undefined) return true // no answer at all: a network fault
  if (e.status >= 500 || e.status === 429) return true
  return e.status === 403 && (retryAfterMs(e) !== undefined || /rate limit/i.test(e.message ?? ''))
}

export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy = RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error
      const wait = Math.min(
        retryAfterMs(error as HttpError) ?? policy.baseDelayMs * 2 ** (attempt - 1),
        policy.maxDelayMs,
      )
      await new Promise(resolve => setTimeout(resolve, wait))
    }
  }
}

/** What a failed GitHub call means for the user, and which permission or setting fixes it. */
export function explainGitHubError(error: unknown, what: string, permission: string): string {
  const e = error as HttpError
  const message = e.message ?? String(error)
  if (e.status === 403 && /not accessible by integration/i.test(message)) {
    return `${what} failed: the token may not write here (403 "Resource not accessible by integration"). A pull request from a fork always gets a read-only token; otherwise grant the job \`permissions: ${permission}\`. The findings are in the job summary.`
  }
  if (e.status === 401) return `${what} failed: GitHub refused the token (401). Check the github-token input.`
  if (e.status === 403)
    return `${what} failed: GitHub refused (403: ${message}). Grant the job \`permissions: ${permission}\`.`
  if (e.status === 404)
    return `${what} failed: GitHub answered 404; the token may not see this repository, or needs \`permissions: ${permission}\`.`
  if (e.status === undefined) return `${what} failed: GitHub could not be reached (${message}).`
  return `${what} failed: GitHub answered ${e.status} (${message}), also after retrying.`
}
