import { AUTH_REASONS, describeReason } from '../clerk/auth-reasons.js'
import { defineCheck, EVERY_INSTANCE, type Finding } from './shared/check.js'
import { displayUrl } from '../web/hostname.js'
import type { HttpClient } from '../web/http-client.js'
import { clerkAnswered, reasonsAlong, type SignedOutProbe } from '../web/signed-out-probe.js'
import {
  type Answered,
  type AppContext,
  chainEvidence,
  CLERK_MATCHER,
  lastHop,
  middlewareSaid,
  probeApp,
  settledByProbe,
  unanswered,
} from './shared/app-probes.js'

/**
 * What a request without cookies meets (authenticateRequest in @clerk/backend): signed out, a development key's
 * handshake, a satellite's sync, the primary's side of it. Any other reason with a fix in the table is worth a word.
 */
const SIGNED_OUT_REASONS = [
  'session-token-and-uat-missing',
  'session-token-missing',
  'dev-browser-missing',
  'dev-browser-sync',
  'satellite-needs-syncing',
  'primary-responds-to-syncing',
  'primary-domain-cross-origin-sync',
  'protect-rewrite',
]

/** A path asked as a document and, when Clerk answered that with a handshake, again as a script's fetch. */
export interface PathProbes {
  url: string
  document: SignedOutProbe
  /** Asked when the document got Clerk's handshake (a development key always gives one to a document). */
  fetch?: SignedOutProbe
}

export const deployMiddlewareCheck = defineCheck({
  id: 'deploy.middleware',
  title: "Clerk's middleware answers on the deployed app and refuses signed-out visitors on protected paths",
  doc: {
    subject: "the page URL, and each `protected-paths` entry's URL",
    verifies:
      "the page and each path in `protected-paths` are asked as a signed-out browser asks them (no cookies, `Sec-Fetch-Dest: document`, `Accept: text/html`; redirects followed on the app's origin only): Clerk's middleware answers (`x-clerk-auth-status`, which @clerk/nextjs copies from @clerk/backend's `authenticateRequest` into every answer, clerk/javascript packages/nextjs/src/server/clerkMiddleware.ts); a page it does not answer is a `warn` when the headers show Next.js (its matcher skips the page, or the file is not where Next.js reads it: `src/`, or `proxy.ts` from Next.js 16), else a `skip`. A protected path must be refused: a redirect (to sign-in), a 401/403, or a 404 with `x-clerk-auth-reason: protect-rewrite` (what `auth.protect()` answers a request that is not a page, packages/nextjs/src/server/protect.ts); served (2xx) is a `fail`, saying whether the middleware ran there (`auth.protect()` missing) or not (its matcher misses the path). When a document gets Clerk's handshake (a development key gives every document one: `dev-browser-missing`), the path is asked again as a script's fetch, which Clerk never hands to the handshake. `fail` also: a 500 with `x-vercel-error: MIDDLEWARE_INVOCATION_FAILED` (the middleware crashed: usually a key missing from the deployment's environment; vercel.com/docs/errors/MIDDLEWARE_INVOCATION_FAILED), `dev-browser-missing` on a production deployment (as `x-clerk-auth-reason` or as a handshake's `__clerk_hs_reason`: the server runs a development key), and a chain of redirects that comes back to a path it left (the sign-in page redirecting to itself). Each `x-clerk-auth-reason` met is named with its meaning (the table below, from @clerk/backend's `AuthErrorReason`, packages/backend/src/tokens/authStatus.ts); on the page, a reason a request without cookies should not meet (one the table gives a fix for, `unexpected-error` say) is a `warn` with that fix",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['url', 'live-checks'],
  side: 'app',
  // Each URL as a document, and again as a fetch after a handshake.
  network: { webExchanges: plan => 2 * (1 + plan.protectedPaths.length), dependentWebSteps: 1 },
  async run({ plan, url }, { http }) {
    const app: AppContext = { ...plan, appUrl: url }
    const paths = plan.protectedPaths.map(path => new URL(path, url).toString())
    const [pageProbes, ...pathProbes] = await Promise.all([url, ...paths].map(asked => probePath(http, app, asked)))
    return [judgePage(app, pageProbes as PathProbes), ...pathProbes.map(probes => judgeProtectedPath(app, probes))]
  },
})

async function probePath(http: HttpClient, app: AppContext, url: string): Promise<PathProbes> {
  const document = await probeApp(http, app, url, { as: 'document' })
  if (!document.ok || document.loop || !lastHop(document).handshake) return { url, document }
  return { url, document, fetch: await probeApp(http, app, url, { as: 'fetch' }) }
}

/** Headers Next.js, or Vercel serving it, puts on a page: Clerk's middleware would be expected there. */
function nextJsSigns(probe: Answered): string | undefined {
  for (const hop of probe.hops) {
    if (/next\.js/i.test(hop.headers['x-powered-by'] ?? '')) return 'x-powered-by: Next.js'
    const named = Object.keys(hop.headers).find(name => name.startsWith('x-nextjs-') || name === 'x-matched-path')
    if (named) return named
  }
  return undefined
}

export function judgePage(app: AppContext, probes: PathProbes): Finding {
  const subject = displayUrl(probes.url)
  const probe = probes.document
  if (!probe.ok) return unanswered(subject, probe)
  const settled = settledByProbe(app, subject, probe, "whether Clerk's middleware answers")
  if (settled) return settled
  const evidence = { answers: chainEvidence(probe) }
  if (clerkAnswered(probe)) {
    const odd = reasonsAlong(probe).find(reason => !SIGNED_OUT_REASONS.includes(reason) && AUTH_REASONS[reason]?.fix)
    return {
      subject,
      status: odd ? 'warn' : 'pass',
      message: `Clerk's middleware answers a signed-out browser on ${subject}: ${middlewareSaid(probe)}${odd ? `; a request without cookies should not meet \`${odd}\`` : ''}`,
      ...(odd ? { fix: AUTH_REASONS[odd]?.fix } : {}),
      evidence,
    }
  }
  const next = nextJsSigns(probe)
  if (!next) {
    return {
      subject,
      status: 'skip',
      message: `Clerk's middleware did not answer ${subject} (no x-clerk-auth-status), and nothing in its headers says it is a Next.js app that should have it; set \`protected-paths\` to have paths that need a signed-in user asked`,
      evidence,
    }
  }
  return {
    subject,
    status: 'warn',
    message: `${subject} is served by Next.js (${next}) without an answer from Clerk's middleware (no x-clerk-auth-status): it did not run for this page, so \`auth()\` there fails ("Clerk can't detect usage of clerkMiddleware()")`,
    fix: `Make the middleware run for the app's pages: \`export default clerkMiddleware()\` in middleware.ts (proxy.ts from Next.js 16) next to \`app/\` (inside \`src/\` when the app is there), with Clerk's matcher: \`matcher: [${CLERK_MATCHER}]\`.`,
    evidence,
  }
}

const samePage = (a: string, b: string) => {
  const path = (url: string) => new URL(url).pathname.replace(/\/+$/, '') || '/'
  return new URL(a).origin === new URL(b).origin && path(a) === path(b)
}

export function judgeProtectedPath(app: AppContext, probes: PathProbes): Finding {
  const subject = displayUrl(probes.url)
  // After a handshake, what the path does is seen in the fetch's answer.
  const probe = probes.fetch?.ok ? probes.fetch : probes.document
  if (!probe.ok) return unanswered(subject, probe)
  const settled =
    (probes.document.ok && settledByProbe(app, subject, probes.document, 'whether the path is protected')) ||
    settledByProbe(app, subject, probe, 'whether the path is protected')
  if (settled) return settled
  const evidence = { answers: chainEvidence(probe) }
  const last = lastHop(probe)
  const first = probe.hops[0] ?? last
  const redirected = probe.hops.length > 1 || last.location !== undefined
  const said = middlewareSaid(probe)
  const pass = (how: string): Finding => ({
    subject,
    status: 'pass',
    message: `${subject} refuses a signed-out browser: ${how}`,
    evidence,
  })
  if (reasonsAlong(probe).includes('protect-rewrite'))
    return pass(`${last.status} with ${describeReason('protect-rewrite')}`)
  if (redirected && refusedByRedirect(probe, probes.url)) {
    return pass(`${first.status}, a redirect to ${displayUrl(first.location ?? last.url)}`)
  }
  if ((last.status === 401 || last.status === 403) && clerkAnswered(probe)) return pass(`${last.status} (${said})`)
  if (last.status >= 200 && last.status < 300) return served(subject, probe, evidence)
  return {
    subject,
    status: 'warn',
    message: `${subject} answered a signed-out browser ${last.status}${clerkAnswered(probe) ? ` (${said})` : " without an answer from Clerk's middleware"}: not the refusal a protected path gives (a redirect to sign-in, or Clerk's protect-rewrite 404)`,
    fix: 'Check that the path exists and needs a signed-in user; `protected-paths` lists such paths only.',
    evidence,
  }
}

/**
 * Whether a chain of redirects refused the path: it left the app's origin (the Account Portal's sign-in), ended on
 * something other than a served page, or landed on a sign-in page (Clerk's redirectToSignIn names the page it came
 * from in `redirect_url`). A redirect that then serves the path under another URL (a locale prefix, a trailing slash)
 * served it.
 */
function refusedByRedirect(probe: Answered, asked: string): boolean {
  const last = lastHop(probe)
  if (last.location !== undefined || last.status < 200 || last.status >= 300) return true
  const landed = new URL(last.url)
  if (SIGN_IN_PATH.test(landed.pathname) || landed.searchParams.has('redirect_url')) return true
  const tail = new URL(asked).pathname.replace(/\/+$/, '')
  return !samePage(last.url, asked) && !(tail && landed.pathname.endsWith(tail))
}

/** The paths sign-in pages are served at: Clerk's default `/sign-in`, and the usual others. */
const SIGN_IN_PATH = /(^|\/)(sign-?in|signin|login|log-in)(\/|$)/i

function served(subject: string, probe: Answered, evidence: Record<string, unknown>): Finding {
  if (clerkAnswered(probe)) {
    return {
      subject,
      status: 'fail',
      message: `${subject} is served to a signed-out browser (${lastHop(probe).status}): Clerk's middleware ran (${middlewareSaid(probe)}) and let it through`,
      // Clerk deprecates route checks in middleware (createRouteMatcher) for a check in each resource: clerk-docs,
      // guides/development/upgrading/upgrade-guides/migrate-from-create-route-matcher.
      fix: 'Protect it where it is served: `await auth.protect()` at the top of the page, Route Handler or Server Function (Clerk now advises this over `createRouteMatcher()` in `clerkMiddleware()`, which it deprecates).',
      evidence,
    }
  }
  return {
    subject,
    status: 'fail',
    message: `${subject} is served to a signed-out browser (${lastHop(probe).status}), and Clerk's middleware did not run for it (no x-clerk-auth-status): its matcher misses the path, or the file is not where Next.js reads it`,
    fix: `Make the middleware run for this path: \`config.matcher\` must cover it (Clerk's: \`[${CLERK_MATCHER}]\`), and the file must sit next to \`app/\` (inside \`src/\` when the app is there), named proxy.ts from Next.js 16 (middleware.ts before), with the exact case git has.`,
    evidence,
  }
}
