import { AUTH_REASONS, describeReason } from '../../clerk/auth-reasons.js'
import type { InstanceType } from '../../clerk/keys.js'
import { type Bypass, bypassHeaders, protectedFinding, protectionOf } from '../../web/deployment-protection.js'
import { displayUrl, quote } from '../../web/hostname.js'
import type { HttpClient } from '../../web/http-client.js'
import {
  clerkAnswered,
  crashed,
  MIDDLEWARE_CRASH,
  probeSignedOut,
  reasonsAlong,
  type Hop,
  type ProbeOptions,
  type SignedOutProbe,
} from '../../web/signed-out-probe.js'
import type { Finding } from './check.js'
import { runnerSideError } from './runner-side.js'

/**
 * What deploy.middleware, deploy.server-key and deploy.satellites share: the app asked as a signed-out browser, and the
 * verdicts any of its answers settles on its own (a crashed middleware, a login in front of the app, a loop, a
 * development key on a production server), so that each check says them in the same words.
 */

export type Answered = Extract<SignedOutProbe, { ok: true }>

/** What the probes depend on: the bypass (sent to the app's own origin only) and the instance type the run needs. */
export type AppContext = Bypass & { environment: { instanceType: InstanceType } }

/** Clerk's default matcher (clerk.com/docs/reference/nextjs/clerk-middleware), quoted in fixes. */
export const CLERK_MATCHER =
  "'/((?!_next|[^?]*\\\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)', '/(api|trpc)(.*)'"

/** A probe of `url` on the app's own origin, with the bypass where the plan gives one. */
export function probeApp(
  http: HttpClient,
  app: AppContext,
  url: string,
  options: Omit<ProbeOptions, 'originHeaders'>,
): Promise<SignedOutProbe> {
  return probeSignedOut(http, url, { ...options, originHeaders: bypassHeaders(app, url) })
}

/** The chain as evidence: each answer's status, where it sent the browser, and what Clerk's middleware said. */
export function chainEvidence(probe: Answered): Array<Record<string, unknown>> {
  return probe.hops.map(hop => ({
    url: displayUrl(hop.url),
    status: hop.status,
    ...(hop.location ? { location: displayUrl(hop.location) } : {}),
    ...(hop.authStatus ? { authStatus: hop.authStatus } : {}),
    ...(hop.authReasons.length > 0 ? { authReason: hop.authReasons.join(', ') } : {}),
    ...(hop.handshake?.reason ? { handshakeReason: hop.handshake.reason } : {}),
    ...(hop.vercelError ? { vercelError: hop.vercelError } : {}),
  }))
}

export function lastHop(probe: Answered): Hop {
  return probe.hops[probe.hops.length - 1] as Hop
}

/** A probe that got no answer: the evidence could not be had (the runner's side or the app's, not told apart). */
export function unanswered(subject: string, probe: Extract<SignedOutProbe, { ok: false }>): Finding {
  if (probe.kind === 'runner') return runnerSideError(subject, probe.detail)
  return { subject, status: 'error', message: `could not evaluate: ${probe.detail}` }
}

/**
 * The verdicts one probe settles whatever the check: the middleware crashed, a login answered instead of the app, a
 * loop, or a production server that answers with a development key's reason. Undefined when none applies.
 */
export function settledByProbe(app: AppContext, subject: string, probe: Answered, judged: string): Finding | undefined {
  const evidence = { answers: chainEvidence(probe) }
  const crash = crashed(probe)
  if (crash) {
    return {
      subject,
      status: 'fail',
      message: `${displayUrl(crash.url)} answered ${crash.status} with x-vercel-error: ${MIDDLEWARE_CRASH}: the middleware crashed before it could answer, usually because a key is missing from this deployment's environment ("Missing Clerk Secret Key", a malformed publishable key)`,
      fix: "Set CLERK_SECRET_KEY and the publishable key (NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) in the hosting provider's variables for this environment and redeploy; the deployment's function logs name the error (vercel.com/docs/errors/MIDDLEWARE_INVOCATION_FAILED).",
      evidence,
    }
  }
  if (!clerkAnswered(probe)) {
    const last = lastHop(probe)
    const protection = protectionOf({
      requested: probe.requested,
      url: last.location ?? last.url,
      status: last.status,
      headers: last.headers,
    })
    if (protection) return protectedFinding(app, subject, protection, judged)
  }
  if (probe.loop) return loopFinding(subject, probe.loop, evidence)
  if (app.environment.instanceType === 'production' && reasonsAlong(probe).includes('dev-browser-missing')) {
    return {
      subject,
      status: 'fail',
      message: `Clerk's middleware answered with ${describeReason('dev-browser-missing')}: the production server runs a development instance's key`,
      fix: AUTH_REASONS['dev-browser-missing']?.fix,
      evidence,
    }
  }
  return undefined
}

/** The fix for a chain of redirects that comes back on itself without Clerk's handshake: a protected sign-in page. */
export const SIGN_IN_LOOP_FIX =
  'Keep the sign-in and sign-up pages public: call `auth.protect()` in the pages that need a signed-in user, not in the sign-in and sign-up pages nor in middleware rules that cover them, and set the sign-in URL the middleware redirects to (`signInUrl`, NEXT_PUBLIC_CLERK_SIGN_IN_URL) to that page.'

function loopFinding(subject: string, loop: string[], evidence: Record<string, unknown>): Finding {
  const shown = loop.map(displayUrl)
  const back = shown[shown.length - 1] as string
  const toItself = shown.length >= 2 && shown[shown.length - 2] === back
  return {
    subject,
    status: 'fail',
    message: toItself
      ? `${back} redirects a signed-out browser to itself: the sign-in page is protected, so nobody can reach it`
      : `a signed-out browser is sent round in a loop: ${shown.join(' → ')}`,
    fix: SIGN_IN_LOOP_FIX,
    evidence,
  }
}

/** What Clerk's middleware said in the first answer that says anything, for a message. */
export function middlewareSaid(probe: Answered): string {
  const hop = probe.hops.find(h => h.authStatus || h.authReasons.length > 0 || h.handshake)
  if (!hop) return 'nothing'
  const reasons = [...hop.authReasons, ...(hop.handshake?.reason ? [hop.handshake.reason] : [])]
  const status = hop.authStatus ? `x-clerk-auth-status: ${statusText(hop.authStatus)}` : 'a handshake'
  return reasons.length > 0 ? `${status}, ${[...new Set(reasons)].map(describeReason).join('; ')}` : status
}

const AUTH_STATUSES = ['signed-in', 'signed-out', 'handshake']

/** A status as sent, quoted when it is not one of Clerk's. */
export function statusText(status: string): string {
  return AUTH_STATUSES.includes(status) ? status : quote(status)
}
