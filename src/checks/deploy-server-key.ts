import { describeReason } from '../clerk/auth-reasons.js'
import type { PublishableKey } from '../clerk/keys.js'
import { type CheckPlan, defineCheck, EVERY_INSTANCE, type Finding, type ParsedKey } from './shared/check.js'
import { bypassHeaders } from '../web/deployment-protection.js'
import { followHandshake, MAX_HANDSHAKE_REQUESTS, type HandshakeFollow } from '../web/handshake-follow.js'
import { displayUrl } from '../web/hostname.js'
import { CLIENT_UAT_COOKIE, clerkAnswered, type SignedOutProbe } from '../web/signed-out-probe.js'
import {
  type AppContext,
  chainEvidence,
  lastHop,
  middlewareSaid,
  probeApp,
  settledByProbe,
  SIGN_IN_LOOP_FIX,
  unanswered,
} from './shared/app-probes.js'

/** A development instance's Frontend API host (the publishable key of a development instance names one). */
const DEVELOPMENT_FAPI = /\.(?:clerk\.accounts\.dev|accounts\.dev|lcl\.dev|lclstage\.dev|stg\.dev)$/i

export const deployServerKeyCheck = defineCheck({
  id: 'deploy.server-key',
  title: "The deployed server runs the configured instance's key",
  doc: {
    subject: 'the page URL',
    verifies:
      "the page is asked as a document (`Sec-Fetch-Dest: document`) with a `__client_uat` cookie and no session, which Clerk's middleware answers with its handshake: a 307 to `/v1/client/handshake` on the Frontend API of the key the server holds (@clerk/backend's `authenticateRequest`, reason `client-uat-but-no-session-token`; the answers Clerk's own tests expect, clerk/javascript integration/tests/handshake.test.ts, \"missing session token, positive uat\", proxyUrl and domain). The handshake must go to the configured publishable key's Frontend API, or to its proxy (`proxy-url`, or `https://<app>/__clerk` for a production key on `*.vercel.app`, as @clerk/nextjs proxies it by itself): another host is a `fail`, naming both (the server runs another instance's key, while the browser may still ship the right one, which deploy.publishable-key cannot see). No handshake while the middleware answers is a `warn`; a page the middleware does not answer is a `skip` (deploy.middleware says why). " +
      `A handshake to the right host is then followed as a browser follows it (each redirect asked with the cookies a browser holds by then: the Frontend API's \`__clerk_handshake\`, the middleware's \`__clerk_redirect_count\`; at most ${MAX_HANDSHAKE_REQUESTS} requests within one deadline; the bypass only to the app's own origin): it must not come back to the same URL (its path: the query changes every round) more than twice (a development instance's chain comes back twice and settles: the page, the Frontend API, the page with \`__clerk_handshake\`, the page; Clerk's test "Handshake result - dev - nominal"). A third return is a \`fail\`: the server does not accept what its Frontend API brings back, as when its secret key is another instance's than its publishable key (Clerk's middleware counts its handshakes in \`__clerk_redirect_count\` and gives up at the third, signing the browser out: "Refreshing the session token resulted in an infinite redirect loop. This usually means that your Clerk instance keys do not match", @clerk/backend packages/backend/src/tokens/handshake.ts, checkAndTrackRedirectLoop, and request.ts), or, with no new handshake in the loop, a protected sign-in page. A chain still redirecting after that many requests is a \`warn\`; one that cannot be followed to its end (the Frontend API does not answer: deploy.frontend-api says why) leaves the verdict on the key as it is, saying so`,
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['url', 'live-checks', 'publishable-key'],
  side: 'app',
  // The probe, then the handshake followed on from it (its requests within one deadline).
  network: { webExchanges: () => 2, dependentWebSteps: 1 },
  async run({ plan, url, publishableKey }, { http }) {
    const app: ServerKeyContext = { ...plan, appUrl: url, publishableKey }
    const probe = await probeApp(http, app, url, { as: 'document', cookie: CLIENT_UAT_COOKIE })
    // Followed only where the key is the right one: another instance's host is already the finding.
    const handshake = probe.ok && !probe.loop ? lastHop(probe).handshake : undefined
    const follow =
      probe.ok && handshake && isExpected(app, url, handshake.base)
        ? await followHandshake(http, probe.hops, {
            cookie: CLIENT_UAT_COOKIE,
            originHeaders: next => bypassHeaders(app, next),
            timeoutMs: http.timeoutMs,
          })
        : undefined
    return [judgeServerKey(app, url, probe, follow)]
  },
})

function isExpected(plan: ServerKeyContext, url: string, base: string): boolean {
  return expectedHandshakeBases(plan, url).some(expected => base.toLowerCase() === expected.toLowerCase())
}

/** What the judgement reads: the key given, with its Frontend API, and the proxies the plan names. */
export type ServerKeyContext = AppContext &
  Pick<CheckPlan, 'proxyUrl' | 'autoProxyUrl'> & {
    environment: { name: string }
    publishableKey: ParsedKey<PublishableKey>
  }

/** Where the server's handshake may go: the key's Frontend API, the proxy given, or @clerk/nextjs's own proxy. */
export function expectedHandshakeBases(plan: ServerKeyContext, url: string): string[] {
  const key = plan.publishableKey.parsed
  const bases = [`https://${key.frontendApi}`]
  if (plan.proxyUrl) bases.push(plan.proxyUrl)
  if (plan.autoProxyUrl) bases.push(plan.autoProxyUrl)
  // The automatic proxy is the request's own host (shouldAutoProxy on the request URL's hostname, clerkMiddleware.ts):
  // a per-deployment URL is proxied at itself.
  const app = new URL(url)
  if (key.instanceType === 'production' && app.hostname.endsWith('.vercel.app') && !plan.proxyUrl) {
    bases.push(`${app.origin}/__clerk`)
  }
  return [...new Set(bases.map(base => base.replace(/\/+$/, '')))]
}

export function judgeServerKey(
  plan: ServerKeyContext,
  url: string,
  probe: SignedOutProbe,
  follow?: HandshakeFollow,
): Finding {
  const subject = displayUrl(url)
  if (!probe.ok) return unanswered(subject, probe)
  const settled = settledByProbe(plan, subject, probe, 'which key the server holds')
  if (settled) return settled
  const evidence = { answers: chainEvidence(probe) }
  const handshake = lastHop(probe).handshake
  if (!handshake) {
    if (!clerkAnswered(probe)) {
      return {
        subject,
        status: 'skip',
        message: `Clerk's middleware did not answer ${subject} (see deploy.middleware): the server's key cannot be seen from outside`,
        evidence,
      }
    }
    return {
      subject,
      status: 'warn',
      message: `${subject} answered a browser with a \`__client_uat\` cookie and no session without Clerk's handshake (${middlewareSaid(probe)}): which instance's key the server holds could not be seen`,
      fix: "Clerk's middleware sends such a document to the handshake (it does unless the page is outside its matcher or the request is not treated as a page); point `url` at a page the middleware runs on.",
      evidence,
    }
  }
  const expected = expectedHandshakeBases(plan, url)
  const reason = handshake.reason ? `, ${describeReason(handshake.reason)}` : ''
  if (isExpected(plan, url, handshake.base)) {
    const found = `the server answers with Clerk's handshake on ${handshake.base}${reason}`
    return judgeFollow(plan, url, subject, found, evidence, follow)
  }
  const shown = expected.map(base => displayUrl(base)).join(' or ')
  const hosts = [...new Set(expected.map(base => new URL(base).host))].join(' or ')
  const development = DEVELOPMENT_FAPI.test(handshake.host)
  return {
    subject,
    status: 'fail',
    message: `the server sends the handshake to ${handshake.host}${reason}, not to ${shown}: it runs ${development ? "a development instance's" : "another instance's"} key, not the one of the publishable key given (${plan.publishableKey.source})`,
    fix: `Set CLERK_SECRET_KEY and the publishable key in the hosting provider's variables for ${plan.environment.name} to the keys of the instance whose Frontend API is ${hosts}, both from the same instance (Clerk dashboard → API keys), and redeploy.`,
    evidence,
  }
}

/**
 * The handshake followed as a browser follows it: it must settle, not come back to a URL a third time. A chain that
 * could not be followed to its end leaves the key's verdict as it is, saying so: the Frontend API's own checks
 * (deploy.frontend-api, deploy.certificates) say why it does not answer.
 */
function judgeFollow(
  plan: ServerKeyContext,
  url: string,
  subject: string,
  found: string,
  evidence: Record<string, unknown>,
  follow: HandshakeFollow | undefined,
): Finding {
  const key = `${found}: it runs the key of the configured instance`
  if (!follow) return { subject, status: 'pass', message: key, evidence }
  const withFollow = { ...evidence, followed: chainEvidence({ ok: true, requested: url, hops: follow.hops }) }
  if (!follow.ok) {
    return {
      subject,
      status: 'pass',
      message: `${key}; the handshake could not be followed to its end (${follow.detail})`,
      evidence: withFollow,
    }
  }
  if (follow.end === 'settled') {
    const last = follow.hops[follow.hops.length - 1]
    return {
      subject,
      status: 'pass',
      message: `${key}, and a browser that follows the handshake is answered ${last?.status ?? ''} after ${follow.path.length} requests`,
      evidence: withFollow,
    }
  }
  if (follow.end === 'limit') {
    return {
      subject,
      status: 'warn',
      message: `${found}, but a browser that follows it is still being redirected after ${follow.path.length} requests (${follow.path.join(' → ')}): it does not settle (browsers give up at 20 redirects)`,
      fix: 'Follow the redirects from the page with a browser signed out: each should lead on to the page or to sign-in, once.',
      evidence: withFollow,
    }
  }
  const shown = follow.path.join(' → ')
  // The app sending the browser to the handshake again is the middleware refusing what the Frontend API brought.
  if (follow.hops.some(hop => hop.handshake)) {
    const host = new URL(expectedHandshakeBases(plan, url)[0] as string).host
    return {
      subject,
      status: 'fail',
      message: `${found}, but a browser that follows it comes back to ${follow.loopUrl} a third time (${shown}): the server does not accept what the Frontend API brings back, as when its secret key is another instance's than its publishable key (keys of two instances at runtime). Clerk's middleware gives up at the third round and signs the browser out, so nobody stays signed in`,
      fix: `Give the server both keys of one instance: set CLERK_SECRET_KEY and the publishable key in the hosting provider's variables for ${plan.environment.name} from the same instance (Clerk dashboard → API keys of the instance whose Frontend API is ${host}), and redeploy.`,
      evidence: withFollow,
    }
  }
  return {
    subject,
    status: 'fail',
    message: `${found}, but a browser that follows it comes back to ${follow.loopUrl} a third time (${shown}): it is sent round in a loop after the handshake`,
    fix: SIGN_IN_LOOP_FIX,
    evidence: withFollow,
  }
}
