import { readFileSync } from 'node:fs'
import type { EnvironmentClues } from '../settings/environment.js'

/** The parts of the workflow run's context that the plan needs; read from the runner's variables and event file. */
export interface GithubContext {
  eventName?: string
  ref?: string
  workspace: string
  payload: Record<string, unknown>
  repository?: { owner: string; repo: string }
  sha?: string
  /** Link to this run, for the comment and the summary. */
  runUrl?: string
  /** The workflow file, where check-run annotations without a file of their own point. */
  workflowPath?: string
}

export async function readGithubContext(env: Record<string, string | undefined>): Promise<GithubContext> {
  let payload: Record<string, unknown> = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'))
      if (isObject(parsed)) payload = parsed
    } catch {
      // No event file (a local run) or an unreadable one: inference falls back to the ref.
    }
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  return {
    eventName: env.GITHUB_EVENT_NAME || undefined,
    ref: env.GITHUB_REF || undefined,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    payload,
    repository: owner && repo ? { owner, repo } : undefined,
    sha: env.GITHUB_SHA || undefined,
    runUrl:
      env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined,
    // GITHUB_WORKFLOW_REF is owner/repo/.github/workflows/file.yml@ref.
    workflowPath: /^[^/]+\/[^/]+\/(.+?)@/.exec(env.GITHUB_WORKFLOW_REF ?? '')?.[1],
  }
}

export interface PullRequestRef {
  number: number
  headSha?: string
  labels: string[]
}

/** The pull request this run belongs to, when its event carries one. */
export function pullRequestOf(ctx: GithubContext): PullRequestRef | undefined {
  // The payload is outside data: each part is read only when it has the shape GitHub documents.
  const pr = ctx.payload.pull_request
  if (!isObject(pr) || !Number.isSafeInteger(pr.number) || (pr.number as number) <= 0) return undefined
  return {
    number: pr.number as number,
    headSha: field(pr, 'head', 'sha'),
    labels: Array.isArray(pr.labels)
      ? pr.labels.flatMap(l => (isObject(l) && typeof l.name === 'string' ? [l.name] : []))
      : [],
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function field(value: unknown, ...path: string[]): string | undefined {
  let node = value
  for (const key of path) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
  return typeof node === 'string' && node !== '' ? node : undefined
}

/**
 * Vercel's `repository_dispatch` events (`vercel.deployment.ready`, `.success`, `.promoted`, …): their
 * `client_payload` carries the deployment's `environment`, `url` and `git.sha` (vercel/repository-dispatch, "Payload
 * Example"). GitHub runs such a workflow on the default branch's head, so GITHUB_SHA is not the deployed commit.
 */
export function isVercelDispatch(ctx: GithubContext): boolean {
  return (
    ctx.eventName === 'repository_dispatch' && field(ctx.payload, 'action')?.startsWith('vercel.deployment.') === true
  )
}

/** A field of a Vercel dispatch event's client_payload, undefined on any other event. */
function vercelPayload(ctx: GithubContext, ...path: string[]): string | undefined {
  return isVercelDispatch(ctx) ? field(ctx.payload, 'client_payload', ...path) : undefined
}

/** The commit a run is about: a deployment's own commit (GitHub's, or Vercel's dispatch's), else GITHUB_SHA. */
export function commitOf(ctx: GithubContext): string | undefined {
  return field(ctx.payload, 'deployment', 'sha') ?? vercelPayload(ctx, 'git', 'sha') ?? ctx.sha
}

/** Events that are about a commit, not a pull request: the open pull request whose head it is gets the comment. */
const COMMIT_EVENTS = new Set(['deployment_status', 'deployment', 'push', 'workflow_run', 'check_suite'])

/**
 * Whether the run's commit can be the head of an open pull request, so that looking one up may find where to comment.
 * A push of a tag or to the default branch cannot be (pull requests are opened from other branches into it): such a
 * run, a deploy branch's, asks GitHub nothing and needs no `pull-requests` permission.
 */
export function mayHeadAPullRequest(ctx: GithubContext): boolean {
  if (isVercelDispatch(ctx)) return vercelPayload(ctx, 'git', 'sha') !== undefined
  if (!COMMIT_EVENTS.has(ctx.eventName ?? '')) return false
  if (ctx.eventName !== 'push') return true
  const branch = /^refs\/heads\/(.+)$/.exec(ctx.ref ?? '')?.[1]
  return branch !== undefined && branch !== field(ctx.payload, 'repository', 'default_branch')
}

/**
 * The deployment's own URL, the default `url`: a deployment_status event's target_url, or the client_payload.url of
 * Vercel's dispatch. On Vercel both are the per-deployment URL (`<project>-<hash>-<team>.vercel.app`), where a
 * production build waits for Deployment Checks before it is promoted.
 */
export function deploymentUrl(ctx: GithubContext): string | undefined {
  if (ctx.eventName === 'deployment_status') return field(ctx.payload, 'deployment_status', 'target_url')
  return vercelPayload(ctx, 'url')
}

export function environmentClues(ctx: GithubContext, env: Record<string, string | undefined>): EnvironmentClues {
  const deployment =
    ctx.eventName === 'deployment' || ctx.eventName === 'deployment_status'
      ? field(ctx.payload, 'deployment', 'environment')
      : vercelPayload(ctx, 'environment')
  return {
    eventName: ctx.eventName,
    deploymentEnvironment: deployment,
    deployed: ctx.eventName === 'deployment_status' || isVercelDispatch(ctx),
    vercelEnv: env.VERCEL_ENV || undefined,
    ref: ctx.ref,
    defaultBranch: field(ctx.payload, 'repository', 'default_branch'),
  }
}
