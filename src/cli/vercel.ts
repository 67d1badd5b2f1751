import type { Plan, Sourced } from '../settings/plan.js'
import { normalizeHostname } from '../web/hostname.js'

/**
 * Vercel's build step: the one place that sees the variables the deployment is built and served with (a key missing
 * from, or wrong in, the project's production or preview scope). Vercel's system variables
 * (https://vercel.com/docs/environment-variables/system-environment-variables) say which build this is:
 * - VERCEL_ENV: production, preview or development: the environment, as the action reads it too.
 * - VERCEL_PROJECT_PRODUCTION_URL: the project's production domain (its shortest custom domain, else its vercel.app
 *   one; no scheme; set in preview builds too). In a production build, that is where the live app is: the release
 *   before this build, judged as before the deploy (its findings at most warnings).
 * - VERCEL_URL: this deployment's generated URL (no scheme); it does not serve until the build is done, so it is named,
 *   not fetched.
 * - VERCEL_GIT_COMMIT_SHA: the commit being built.
 */
export interface VercelBuild {
  /** What the build's variables were taken for, one line each. */
  lines: string[]
  /** The live app, for a production build; the `url` when neither a flag nor the file names one. */
  liveUrl?: string
}

export function vercelBuild(env: Record<string, string | undefined>): VercelBuild | undefined {
  const vercelEnv = env.VERCEL_ENV?.trim()
  if (!vercelEnv && env.VERCEL !== '1') return undefined
  const production = normalizeHostname(env.VERCEL_PROJECT_PRODUCTION_URL?.trim() ?? '')
  const liveUrl = vercelEnv === 'production' && production ? `https://${production}/` : undefined
  const lines = [
    vercelEnv ? `VERCEL_ENV=${vercelEnv}: the environment, unless --environment or the file says otherwise` : '',
    production
      ? `VERCEL_PROJECT_PRODUCTION_URL=${production}: ${liveUrl ? 'the live app (the release before this build), unless --url says otherwise' : 'the production domain; not this build’s'}`
      : '',
    env.VERCEL_URL ? `VERCEL_URL=${env.VERCEL_URL.trim()}: this build’s deployment, not live yet: not fetched` : '',
    env.VERCEL_GIT_COMMIT_SHA
      ? `VERCEL_GIT_COMMIT_SHA=${env.VERCEL_GIT_COMMIT_SHA.trim().slice(0, 12)}: the commit`
      : '',
  ].filter(Boolean)
  return { lines: ['Vercel build:', ...lines.map(line => `  ${line}`)], liveUrl }
}

/** Which of the build's variables (or which flags) the keys and secrets were read from: what the run judged. */
export function judgedVariables(plan: Plan): string {
  const sourced: Array<[string, Sourced<string> | undefined]> = [
    ['publishable key', plan.publishableKey],
    ['secret key', plan.secretKey],
    ['webhook signing secret', plan.webhookSecret],
    ['Platform API key', plan.platformApiKey],
    ['protection bypass', plan.vercelProtectionBypass],
  ]
  const named = sourced.flatMap(([what, value]) => {
    if (!value) return []
    // An input's name is lower-case with dashes (a flag here); a variable's is upper-case.
    const where = /^[a-z-]+$/.test(value.source) ? `--${value.source}` : value.source
    return [`${where} (${what})`]
  })
  return named.length > 0 ? `Read: ${named.join(', ')}` : 'Read: no Clerk key or secret (none of the variables is set)'
}
