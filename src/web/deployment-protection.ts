import type { Sourced } from '../settings/plan.js'
import { displayUrl } from './hostname.js'

/** Vercel's header for its "Protection Bypass for Automation" secret (vercel.com/docs/deployment-protection). */
export const BYPASS_HEADER = 'x-vercel-protection-bypass'

/** What the bypass depends on: the secret, and the deployed app's URL (the `url` the plan names). */
export interface Bypass {
  vercelProtectionBypass?: Sourced<string>
  appUrl?: string
}

/**
 * The bypass header for a request to `url`, when it is on the app's own origin (the origin of the app's URL) and a
 * bypass secret is given; the HTTP client also keeps it off any redirect that leaves that origin.
 */
export function bypassHeaders(
  { vercelProtectionBypass, appUrl }: Bypass,
  url: string,
): Record<string, string> | undefined {
  const secret = vercelProtectionBypass?.value.trim()
  if (!secret || !appUrl || !URL.canParse(url)) return undefined
  return new URL(url).origin === new URL(appUrl).origin ? { [BYPASS_HEADER]: secret } : undefined
}

export interface PageAnswer {
  requested: string
  /** Where the redirects ended. */
  url: string
  status: number
  headers: Record<string, string>
}

/** What stands in front of the app, when the page that answered is a login rather than the app. */
export interface Protection {
  detail: string
  vercel: boolean
}

/** A login page's path or host, once a redirect has left the app's origin. */
const LOGIN = /(?:^|[/.-])(?:log-?in|sign-?in|sso(?:-api)?|auth|oauth|authorize)(?:$|[/.?-])/i

/**
 * A page that answers 401/403, or that redirects to a login on another origin, is not the app: Vercel's Deployment
 * Protection answers 401 with its login page ("automated systems receive a login page or a 401 response",
 * vercel.com/docs/deployment-protection/automated-agent-access), or sends the browser to vercel.com to sign in.
 */
export function protectionOf(page: PageAnswer): Protection | undefined {
  const vercel =
    /^vercel$/i.test(page.headers.server ?? '') ||
    /_vercel_sso_nonce|_vercel_jwt/.test(page.headers['set-cookie'] ?? '') ||
    /(?:^|\.)vercel\.(?:com|app)$/i.test(URL.canParse(page.url) ? new URL(page.url).hostname : '')
  if (page.status === 401 || page.status === 403) {
    return { detail: `${displayUrl(page.url)} answered ${page.status}`, vercel }
  }
  if (!URL.canParse(page.url) || !URL.canParse(page.requested)) return undefined
  const final = new URL(page.url)
  if (final.origin === new URL(page.requested).origin) return undefined
  if (!LOGIN.test(final.hostname) && !LOGIN.test(final.pathname)) return undefined
  return { detail: `${displayUrl(page.requested)} redirected to a login at ${displayUrl(page.url)}`, vercel }
}

/** The `warn` a live check gives instead of judging a login page as the app. */
export function protectedFinding(
  { vercelProtectionBypass: given }: Bypass,
  subject: string,
  protection: Protection,
  judged: string,
) {
  const what = protection.vercel ? "Vercel's Deployment Protection" : 'a login in front of the app'
  return {
    subject,
    status: 'warn' as const,
    message: `${protection.detail}: that is ${what}, not the app, so ${judged} was not judged${given ? ` (the bypass from ${given.source} was sent and not accepted)` : ''}`,
    fix: given
      ? `The secret in ${given.source} is not one of this project's: in Vercel, open the project's Settings → Deployment Protection → Protection Bypass for Automation, and pass a current secret (a redeploy is needed after regenerating it).`
      : "In Vercel, open the project's Settings → Deployment Protection → Protection Bypass for Automation and create a secret; Vercel adds it to deployments as VERCEL_AUTOMATION_BYPASS_SECRET. Store it as a GitHub secret and pass it: `vercel-protection-bypass: ${{ secrets.VERCEL_AUTOMATION_BYPASS_SECRET }}` (it is sent only to the app's own origin).",
    evidence: { protection: protection.detail, vercel: protection.vercel },
  }
}
