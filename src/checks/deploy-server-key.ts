import { describeReason } from '../clerk/auth-reasons.js'
import type { PublishableKey } from '../clerk/keys.js'
import { type CheckPlan, defineCheck, EVERY_INSTANCE, type Finding, type ParsedKey } from './shared/check.js'
import { displayUrl } from '../web/hostname.js'
import { CLIENT_UAT_COOKIE, clerkAnswered, type SignedOutProbe } from '../web/signed-out-probe.js'
import {
  type AppContext,
  chainEvidence,
  lastHop,
  middlewareSaid,
  probeApp,
  settledByProbe,
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
      "the page is asked as a document (`Sec-Fetch-Dest: document`) with a `__client_uat` cookie and no session, which Clerk's middleware answers with its handshake: a 307 to `/v1/client/handshake` on the Frontend API of the key the server holds (@clerk/backend's `authenticateRequest`, reason `client-uat-but-no-session-token`; the answers Clerk's own tests expect, clerk/javascript integration/tests/handshake.test.ts, \"missing session token, positive uat\", proxyUrl and domain). The handshake must go to the configured publishable key's Frontend API, or to its proxy (`proxy-url`, or `https://<app>/__clerk` for a production key on `*.vercel.app`, as @clerk/nextjs proxies it by itself): another host is a `fail`, naming both (the server runs another instance's key, while the browser may still ship the right one, which deploy.publishable-key cannot see). No handshake while the middleware answers is a `warn`; a page the middleware does not answer is a `skip` (deploy.middleware says why)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['url', 'live-checks', 'publishable-key'],
  side: 'app',
  network: { webExchanges: () => 1 },
  async run({ plan, url, publishableKey }, { http }) {
    const app: ServerKeyContext = { ...plan, appUrl: url, publishableKey }
    const probe = await probeApp(http, app, url, { as: 'document', cookie: CLIENT_UAT_COOKIE })
    return [judgeServerKey(app, url, probe)]
  },
})

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

export function judgeServerKey(plan: ServerKeyContext, url: string, probe: SignedOutProbe): Finding {
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
  if (expected.some(base => handshake.base.toLowerCase() === base.toLowerCase())) {
    return {
      subject,
      status: 'pass',
      message: `the server answers with Clerk's handshake on ${handshake.base}${reason}: it runs the key of the configured instance`,
      evidence,
    }
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
