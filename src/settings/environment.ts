import type { InstanceType } from '../clerk/keys.js'

export type EnvironmentSource = 'input' | 'config' | 'deployment' | 'VERCEL_ENV' | 'pull_request' | 'ref'

export interface ResolvedEnvironment {
  name: string
  source: EnvironmentSource
  /** The raw value it was read from (`Production – web`, `refs/heads/main`), for the report. */
  detail: string
}

export interface EnvironmentClues {
  input?: string
  /** The file's top-level `environment`: below the input, above inference. */
  configEnvironment?: string
  eventName?: string
  /** `deployment.environment` of a deployment or deployment_status event, or Vercel's dispatch's `environment`. */
  deploymentEnvironment?: string
  /**
   * The event reports a deployment that is built and served at its own URL (deployment_status, Vercel's
   * repository_dispatch): `phase: auto` judges it after the deploy.
   */
  deployed?: boolean
  vercelEnv?: string
  ref?: string
  defaultBranch?: string
}

export interface EnvironmentRule {
  branches?: string[]
}

/**
 * Clerk has only two instance types; these are the defaults for the built-in names. Staging is a production instance:
 * Clerk's guide sets staging up as a separate Clerk application whose production instance serves the staging domain
 * (clerk.com/docs/deployments/set-up-staging; sharing production's instance is the discouraged "staging alternative").
 */
export const BUILT_IN_ENVIRONMENTS: Record<string, InstanceType> = {
  production: 'production',
  preview: 'development',
  staging: 'production',
  development: 'development',
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'merge_group'])

export type EnvironmentResolution =
  { ok: true; environment: ResolvedEnvironment } | { ok: false; problem: string; fix: string; field: string }

/**
 * Finds the target environment: the input, then the deployment event's environment, then VERCEL_ENV, then the ref.
 * Names match case-insensitively against the built-in names and those defined in the configuration file.
 */
export function resolveEnvironment(
  clues: EnvironmentClues,
  configured: Record<string, EnvironmentRule>,
): EnvironmentResolution {
  const known = [...new Set([...Object.keys(configured), ...Object.keys(BUILT_IN_ENVIRONMENTS)])]
  const candidates: Array<[EnvironmentSource, string | undefined]> = [
    ['input', clues.input],
    ['config', clues.configEnvironment],
    ['deployment', clues.deploymentEnvironment],
    ['VERCEL_ENV', clues.vercelEnv],
  ]
  for (const [source, raw] of candidates) {
    if (!raw?.trim()) continue
    const name = matchEnvironmentName(raw, known)
    if (name) return { ok: true, environment: { name, source, detail: raw } }
    return {
      ok: false,
      field: source === 'input' || source === 'config' ? 'environment' : source,
      problem: `the environment ${JSON.stringify(raw)} (from ${describeSource(source)}) is not production, preview, staging, development or one defined in the configuration file`,
      fix: `Add it to the configuration file under \`environments:\` with its \`instance-type\` (production or development), or pass a known name as the \`environment\` input.`,
    }
  }

  if (clues.eventName && PULL_REQUEST_EVENTS.has(clues.eventName)) {
    return { ok: true, environment: { name: 'preview', source: 'pull_request', detail: clues.eventName } }
  }
  const branch = clues.ref?.startsWith('refs/heads/') ? clues.ref.slice('refs/heads/'.length) : undefined
  if (branch !== undefined) {
    const byRule = Object.entries(configured).find(([, rule]) =>
      (rule.branches ?? []).some(pattern => branchMatches(pattern, branch)),
    )
    if (byRule) return { ok: true, environment: { name: byRule[0], source: 'ref', detail: clues.ref as string } }
    if (clues.defaultBranch && branch === clues.defaultBranch) {
      return { ok: true, environment: { name: 'production', source: 'ref', detail: clues.ref as string } }
    }
  }
  return {
    ok: false,
    field: 'environment',
    problem: `no target environment: the \`environment\` input is empty, the event (${clues.eventName ?? 'none'}) carries no deployment environment, VERCEL_ENV is not set, and the ref ${JSON.stringify(clues.ref ?? '')} matches no \`branches\` rule`,
    fix: 'Set the `environment` input (production, preview, staging, development), or list the branch under `environments.<name>.branches` in the configuration file.',
  }
}

function describeSource(source: EnvironmentSource): string {
  switch (source) {
    case 'input':
      return 'the environment input'
    case 'config':
      return "the configuration file's environment"
    case 'deployment':
      return "the deployment event's environment"
    case 'VERCEL_ENV':
      return 'VERCEL_ENV'
    default:
      return source
  }
}

/**
 * Exact names first; then a known name followed by a space, because Vercel names deployments of a repository with
 * several projects `Production – <project>`.
 */
export function matchEnvironmentName(raw: string, known: string[]): string | undefined {
  const wanted = raw.trim().toLowerCase()
  const exact = known.find(k => k.toLowerCase() === wanted)
  if (exact) return exact
  return known
    .filter(k => wanted.startsWith(k.toLowerCase()) && /^\s/.test(wanted.slice(k.length)))
    .sort((a, b) => b.length - a.length)[0]
}

/** GitHub's branch filter syntax, reduced to what branch rules need: `*` within a segment, `**` across segments. */
export function branchMatches(pattern: string, branch: string): boolean {
  // `**` any characters, `*` any but `/`. Matched by dynamic programming over (pattern token, branch position), in
  // time proportional to their product: a regular expression would backtrack exponentially on many stars.
  const tokens = pattern.split(/(\*\*|\*)/).flatMap(part => (part === '**' || part === '*' ? [part] : [...part]))
  // reach[j]: the tokens so far can match branch[0..j).
  let reach = new Uint8Array(branch.length + 1)
  reach[0] = 1
  for (const token of tokens) {
    const next = new Uint8Array(branch.length + 1)
    for (let j = 0; j <= branch.length; j++) {
      if (token === '*' || token === '**') {
        // A star matches nothing, or one more character than it did at j - 1.
        next[j] = reach[j] || (j > 0 && next[j - 1] && (token === '**' || branch[j - 1] !== '/')) ? 1 : 0
      } else if (j > 0 && reach[j - 1] && branch[j - 1] === token) {
        next[j] = 1
      }
    }
    reach = next
  }
  return reach[branch.length] === 1
}
