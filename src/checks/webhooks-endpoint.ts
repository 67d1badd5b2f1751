import { displayUrl, isSameOrSubdomain } from '../web/hostname.js'
import type { HttpResult } from '../web/http-client.js'
import { defineCheck, EVERY_INSTANCE, type Finding, type Inputs } from './shared/check.js'

import { runnerSideError } from './shared/runner-side.js'
/** A probe's answer is its status line: the body is never read, so one that drips cannot turn a 200 into a timeout. */
const PROBE_BYTES = 0

export const webhooksEndpointCheck = defineCheck({
  id: 'webhooks.endpoint',
  title: 'The deployed webhook endpoint refuses unsigned events and accepts ones signed with this secret',
  doc: {
    subject: 'the webhook URL',
    verifies:
      "an unsigned POST is refused with a 4xx other than 404/405 (`fail` on 2xx: it accepts anything; on 404/405: not deployed there; on 3xx: Clerk does not follow redirects; on 401/403 when a signed POST is refused alike: auth middleware in front of it). `clerkMiddleware()` adds `x-clerk-auth-*` headers to every answer on a route it runs on, public ones included (clerk/javascript `packages/nextjs/src/server/clerkMiddleware.ts`, `packages/backend/src/tokens/authStatus.ts`), so only a 404 marked `x-clerk-auth-reason: protect-rewrite` (`auth.protect()` on a request that is not a page) or a redirect to a sign-in page (Express `requireAuth()`) `fail`s as a route behind Clerk's middleware: keep it public, as Clerk's webhook guides do, its signature is its protection (`createRouteMatcher()` gating is deprecated: clerk-docs `migrating-from-create-route-matcher.mdx`; the file is `proxy.ts` on Next.js 16). With a signing secret, two more POSTs in Svix's scheme, carrying a synthetic event type no handler acts on: one signed with it, one with a random secret. Signed answered 2xx and the random one refused: `pass`; both accepted: `fail` (it does not check the signature); signed refused, and answered like the random one: `fail`, it does not verify with this secret (another instance's secret, or `CLERK_WEBHOOK_SIGNING_SECRET` missing in the deployment); signed answered a redirect: `fail` (Clerk does not follow redirects; to sign-in: the middleware), never read as a refusal of the event type; signed answered otherwise than the random one, not 2xx: `warn`, it verified and then refused the event type (answer 2xx for types it does not act on). A fourth POST carries the same event signed with it in other bytes (indented, and `\\u` escapes for what is beyond ASCII): refused while the compact one is accepted, it is a `fail`, the handler verifies a re-serialized body (`JSON.stringify(await req.json())`) rather than the raw one Svix signed (verify `await req.text()`, or `verifyWebhook(req)`). In production, a `warn` when the URL is not https or not on the production domain or a satellite",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['webhook-url', 'live-checks'],
  uses: ['webhook-signing-secret', 'domain'],
  side: 'app',
  // Unsigned, signed with the secret, signed with a random one, and signed with the secret in other bytes.
  network: { webExchanges: () => 4 },
  async run(inputs, { http }) {
    const { webhookUrl, webhookSigningSecret } = inputs
    const subject = displayUrl(webhookUrl)
    const { probeEvent, randomSecret, spacedEvent, svixHeaders } = await import('../clerk/webhook-signature.js')
    const body = probeEvent()
    const post = (headers: Record<string, string>, sent = body) =>
      http.request(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: sent,
        maxBytes: PROBE_BYTES,
      })
    const secret = webhookSigningSecret?.value
    // A third POST, signed with a secret nobody has: what the endpoint does with a bad signature, to tell "verified and
    // refused the event type" from "did not verify with this secret".
    // A fourth, signed with it over the same event in other bytes: a handler that verifies a re-serialized body refuses it.
    const spaced = spacedEvent(body)
    const [unsigned, signed, randomlySigned, respaced] = await Promise.all([
      post({}),
      secret ? post(svixHeaders(secret, body)) : undefined,
      secret ? post(svixHeaders(randomSecret(), body)) : undefined,
      secret ? post(svixHeaders(secret, spaced), spaced) : undefined,
    ])
    const finding = judge(subject, { unsigned, signed, randomlySigned, respaced }, webhookSigningSecret?.source)
    return [placeWarning(inputs, finding)]
  },
})

interface Probes {
  unsigned: HttpResult
  signed?: HttpResult
  randomlySigned?: HttpResult
  /** Signed with the secret, over the event indented and with \u escapes. */
  respaced?: HttpResult
}

/** How a route behind Clerk's middleware is made reachable for Clerk's deliveries, which carry no session. */
const KEEP_PUBLIC =
  "Keep the webhook route public: leave it out of any `auth.protect()` in `clerkMiddleware()` (`middleware.ts`, or `proxy.ts` on Next.js 16), and protect the pages and routes that need a user in themselves (Clerk deprecates `createRouteMatcher()` gating in the middleware: clerk-docs `migrating-from-create-route-matcher.mdx`); with Express, mount the webhook route before `requireAuth()`. The webhook's signature, checked by `verifyWebhook(req)`, is its protection (Clerk's webhook guides)."

const answered = (r: HttpResult | undefined) => (r === undefined ? undefined : r.ok ? r.status : r.kind)

/**
 * Clerk's middleware refused the request before the handler ran. `clerkMiddleware()` adds x-clerk-auth-status and
 * x-clerk-auth-reason to every answer on a route it runs on, public ones included (clerk/javascript
 * packages/nextjs/src/server/clerkMiddleware.ts, decorating every response with @clerk/backend's auth state:
 * packages/backend/src/tokens/authStatus.ts), so their presence says nothing of protection: a public webhook route
 * whose handler answers 401 to a bad signature carries them too. What shows protection: `auth.protect()` rewriting a
 * signed-out request that is not a page to a 404 marked `x-clerk-auth-reason: protect-rewrite`, or a redirect to a
 * sign-in page (Express's `requireAuth()`, a page's redirect).
 */
function behindClerkMiddleware(answer: Extract<HttpResult, { ok: true }>): string | undefined {
  const status = answer.headers['x-clerk-auth-status']
  const reason = answer.headers['x-clerk-auth-reason']
  const redirect = answer.status >= 300 && answer.status < 400
  const toSignIn = redirect && /sign-?in|login/i.test(answer.headers.location ?? '')
  const rewritten = /(^|,)\s*protect-rewrite\s*(,|$)/.test(reason ?? '')
  if (!rewritten && !toSignIn) return undefined
  const said = [status && `x-clerk-auth-status: ${status}`, reason && `x-clerk-auth-reason: ${reason}`]
    .filter(Boolean)
    .join(', ')
  return `${answer.status}${redirect ? ' (a redirect to the sign-in page)' : ''}${said ? ` with ${said}` : ''}`
}

function judge(subject: string, probes: Probes, secretSource?: string): Finding {
  const { unsigned, signed, randomlySigned, respaced } = probes
  const evidence: Record<string, unknown> = {
    unsigned: answered(unsigned),
    ...(signed
      ? { signed: answered(signed), randomlySigned: answered(randomlySigned), respaced: answered(respaced) }
      : {}),
  }
  const refusal = judgeUnsigned(subject, unsigned, evidence)
  if (refusal) return refusal
  const status = (unsigned as Extract<HttpResult, { ok: true }>).status
  if (!signed) {
    return {
      subject,
      status: 'pass',
      message: `the webhook endpoint refuses an unsigned POST with ${status}; without a signing secret here, whether it verifies with this environment's secret was not checked`,
      evidence,
    }
  }
  const verdict = judgeSigned(subject, status, signed, randomlySigned, secretSource ?? 'the signing secret', evidence)
  return verdict.status === 'pass' ? judgeRawBody(subject, verdict, respaced, evidence) : verdict
}

/**
 * Accepted signed compact, the same event signed in other bytes must be accepted too: Svix signs the bytes sent, and a
 * handler that verifies `JSON.stringify(await req.json())` checks bytes Clerk never signed (Clerk's guide verifies the
 * raw body: `verifyWebhook(req)`, clerk.com/docs/webhooks/sync-data).
 */
function judgeRawBody(
  subject: string,
  verdict: Finding,
  respaced: HttpResult | undefined,
  evidence: Record<string, unknown>,
): Finding {
  if (!respaced) return verdict
  if (!respaced.ok) return { subject, status: 'error', message: `a signed probe failed: ${respaced.detail}`, evidence }
  if (respaced.status >= 200 && respaced.status < 300) return verdict
  return {
    subject,
    status: 'fail',
    message: `the webhook endpoint accepts the signed event as JSON.stringify writes it, and refuses it (${respaced.status}) signed as sent in other spacing and with \\u escapes: it verifies a re-serialized body, not the raw one, so Clerk's deliveries whose bytes differ are refused`,
    fix: "Verify the raw body: `verifyWebhook(req)` from Clerk's SDK, or `await req.text()` passed as is to `Webhook.verify` (never `JSON.stringify(await req.json())`); with Express, `express.raw({ type: 'application/json' })` on the webhook route.",
    evidence,
  }
}

/** What the unsigned POST says on its own: a finding when it settles the verdict, undefined when it was refused 4xx. */
function judgeUnsigned(subject: string, unsigned: HttpResult, evidence: Record<string, unknown>): Finding | undefined {
  if (!unsigned.ok && unsigned.kind === 'runner') return runnerSideError(subject, unsigned.detail, evidence)
  if (!unsigned.ok) {
    return {
      subject,
      status: unsigned.kind === 'timeout' ? 'error' : 'fail',
      message: `the webhook endpoint could not be reached: ${unsigned.detail}; Clerk cannot deliver events to it either`,
      fix: 'Check the URL against the endpoint in the Clerk dashboard (Webhooks), and that the route is deployed.',
      evidence,
    }
  }
  const status = unsigned.status
  const middleware = behindClerkMiddleware(unsigned)
  if (middleware) {
    return {
      subject,
      status: 'fail',
      message: `the webhook endpoint answered ${middleware}: the route is behind Clerk's middleware, which refuses Clerk's deliveries (they carry no session) before the handler can verify them`,
      fix: KEEP_PUBLIC,
      evidence,
    }
  }
  if (status >= 200 && status < 300) {
    return {
      subject,
      status: 'fail',
      message: `the webhook endpoint answered ${status} to a POST with no signature: it accepts any request, so anyone can forge Clerk's events`,
      fix: "Verify every request before acting on it: `verifyWebhook(req)` from Clerk's SDK (it reads CLERK_WEBHOOK_SIGNING_SECRET), or the svix package's `Webhook.verify`.",
      evidence,
    }
  }
  if (status >= 300 && status < 400) {
    return {
      subject,
      status: 'fail',
      message: `the webhook endpoint answered ${status}, a redirect${unsigned.headers.location ? ' elsewhere' : ''}: Clerk does not follow redirects when it delivers, so events would be lost`,
      fix: 'Use the final URL in the Clerk dashboard and in `webhook-url` (often the redirect adds or removes www. or a trailing slash).',
      evidence,
    }
  }
  if (status === 404 || status === 405) {
    return {
      subject,
      status: 'fail',
      message: `the webhook endpoint answered ${status} to a POST: no handler is deployed at this URL`,
      fix: 'Deploy the webhook route, or correct the URL here and in the Clerk dashboard (Webhooks).',
      evidence,
    }
  }
  if (status >= 500) {
    return {
      subject,
      status: 'warn',
      message: `the webhook endpoint answered ${status} to an unsigned POST: it refuses it, but by failing rather than with a 4xx`,
      fix: 'Answer 400 when `verifyWebhook()` throws, so that a bad signature is not logged as a server error.',
      evidence,
    }
  }
  return undefined
}

/** The signed POSTs, once the unsigned one was refused with a 4xx (`status`): does it verify with this secret? */
function judgeSigned(
  subject: string,
  status: number,
  signed: HttpResult,
  randomlySigned: HttpResult | undefined,
  secretName: string,
  evidence: Record<string, unknown>,
): Finding {
  if (!signed.ok || !randomlySigned?.ok) {
    const failed = !signed.ok ? signed : (randomlySigned as Extract<HttpResult, { ok: false }>)
    return { subject, status: 'error', message: `a signed probe failed: ${failed.detail}`, evidence }
  }
  if (signed.status >= 200 && signed.status < 300) {
    if (randomlySigned.status >= 200 && randomlySigned.status < 300) {
      return {
        subject,
        status: 'fail',
        message: `the webhook endpoint accepts a POST signed with a random secret (${randomlySigned.status}) as it does one signed with ${secretName}: it checks that the signature headers are there, not that they are right, so anyone can forge Clerk's events`,
        fix: "Verify the signature with `verifyWebhook(req)` from Clerk's SDK, or the svix package's `Webhook.verify`, and answer 400 when it throws.",
        evidence,
      }
    }
    return {
      subject,
      status: 'pass',
      message: `the webhook endpoint refuses an unsigned POST (${status}) and one signed with a random secret (${randomlySigned.status}), and accepts one signed with ${secretName} (${signed.status}): it verifies with this environment's secret`,
      evidence,
    }
  }
  // A redirect is no verdict on the event: Clerk does not follow it (a 307 to the signed probe is not a refusal of its
  // type), and one to sign-in is the middleware.
  if (signed.status >= 300 && signed.status < 400) {
    const middleware = behindClerkMiddleware(signed)
    return {
      subject,
      status: 'fail',
      message: middleware
        ? `the webhook endpoint answered the signed POST ${middleware}: the route is behind Clerk's middleware, which refuses Clerk's deliveries (they carry no session)`
        : `the webhook endpoint answered the signed POST ${signed.status}, a redirect: Clerk does not follow redirects when it delivers, so events would be lost`,
      fix: middleware
        ? KEEP_PUBLIC
        : 'Use the final URL in the Clerk dashboard and in `webhook-url`, and answer the POST where it arrives.',
      evidence,
    }
  }
  if ((status === 401 || status === 403) && signed.status === status) {
    return {
      subject,
      status: 'fail',
      message: `the webhook endpoint answers ${status} whether a POST is signed or not: authentication middleware in front of it refuses Clerk's deliveries before the handler can verify them`,
      fix: KEEP_PUBLIC,
      evidence,
    }
  }
  if (signed.status === randomlySigned.status) {
    return {
      subject,
      status: 'fail',
      message: `the webhook endpoint answers a POST signed with ${secretName} as it answers one signed with a random secret (${signed.status}): it does not verify with this secret`,
      fix: "The deployed app holds another secret (another instance's, usually the development one's) or none: set this environment's signing secret (Clerk dashboard → Webhooks → the endpoint → Signing Secret) as CLERK_WEBHOOK_SIGNING_SECRET in the hosting provider's variables for this environment, and redeploy.",
      evidence,
    }
  }
  return {
    subject,
    status: 'warn',
    message: `the webhook endpoint verified a POST signed with ${secretName} (it answers ${signed.status}, and ${randomlySigned.status} to a random secret's) and then refused its event type, one no handler acts on: Clerk retries deliveries that are not answered 2xx`,
    fix: 'Let the handler answer 200 for event types it does not act on (a `default:` case that returns 200).',
    evidence,
  }
}

/** In production the endpoint must be where Clerk can deliver: https, on the instance's domains. */
function placeWarning({ plan, webhookUrl, domain }: Inputs<'webhook-url', 'domain'>, finding: Finding): Finding {
  if (plan.environment.instanceType !== 'production') return finding
  const url = new URL(webhookUrl)
  const domains = [domain?.value, ...plan.satellites].filter((d): d is string => Boolean(d))
  const problems = [
    ...(url.protocol !== 'https:' ? ['is not https'] : []),
    ...(domains.length > 0 && !domains.some(d => isSameOrSubdomain(url.hostname, d))
      ? [`is not on ${domains.join(' or ')} (a tunnel or a preview host?)`]
      : []),
  ]
  if (problems.length === 0) return finding
  const note = `the production webhook URL ${problems.join(' and ')}`
  if (finding.status !== 'pass') return { ...finding, message: `${finding.message}; also, ${note}` }
  return {
    ...finding,
    status: 'warn',
    message: `${finding.message}; but ${note}`,
    fix: "Point the production endpoint in the Clerk dashboard at the production app's https URL.",
  }
}
