import { displayUrl, isSameOrSubdomain } from '../web/hostname.js'
import type { HttpResult } from '../web/http-client.js'
import type { Plan } from '../settings/plan.js'
import { type Check, EVERY_INSTANCE, type Finding, unmetNeed } from './check.js'

/** A probe's answer is its status line: the body is never read, so one that drips cannot turn a 200 into a timeout. */
const PROBE_BYTES = 0

export const webhooksEndpointCheck: Check<'webhooks.endpoint'> = {
  id: 'webhooks.endpoint',
  title: 'The deployed webhook endpoint refuses unsigned events and accepts ones signed with this secret',
  doc: {
    subject: 'the webhook URL',
    verifies:
      "an unsigned POST is refused with a 4xx other than 404/405 (`fail` on 2xx: it accepts anything; on 404/405: not deployed there; on 3xx: Clerk does not follow redirects; on 401/403 when a signed POST is refused alike: auth middleware in front of it). With a signing secret, a POST signed with it in Svix's scheme, carrying a synthetic event type no handler acts on, must be answered 2xx (`fail` on 4xx: the deployed endpoint verifies with another secret, usually the development instance's). In production, a `warn` when the URL is not https or not on the production domain or a satellite",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['webhook-url', 'live-checks'],
  side: 'app',
  network: { webExchanges: () => 2 },
  async run(plan, { http }) {
    if (!plan.webhookUrl) throw unmetNeed('webhook-url')
    const subject = displayUrl(plan.webhookUrl)
    const { probeEvent, svixHeaders } = await import('../clerk/webhook-signature.js')
    const body = probeEvent()
    const post = (headers: Record<string, string>) =>
      http.request(plan.webhookUrl as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        maxBytes: PROBE_BYTES,
      })
    const secret = plan.webhookSecret?.value
    const [unsigned, signed] = await Promise.all([post({}), secret ? post(svixHeaders(secret, body)) : undefined])
    const finding = judge(subject, unsigned, signed, plan.webhookSecret?.source)
    return [placeWarning(plan, finding)]
  },
}

function judge(subject: string, unsigned: HttpResult, signed: HttpResult | undefined, secretSource?: string): Finding {
  const evidence: Record<string, unknown> = {
    unsigned: unsigned.ok ? unsigned.status : unsigned.kind,
    ...(signed ? { signed: signed.ok ? signed.status : signed.kind } : {}),
  }
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
  if (!signed) {
    return {
      subject,
      status: 'pass',
      message: `the webhook endpoint refuses an unsigned POST with ${status}; without a signing secret here, whether it verifies with this environment's secret was not checked`,
      evidence,
    }
  }
  if (!signed.ok) {
    return { subject, status: 'error', message: `the signed probe failed: ${signed.detail}`, evidence }
  }
  if (signed.status >= 200 && signed.status < 300) {
    return {
      subject,
      status: 'pass',
      message: `the webhook endpoint refuses an unsigned POST (${status}) and accepts one signed with ${secretSource ?? 'the signing secret'} (${signed.status}): it verifies with this environment's secret`,
      evidence,
    }
  }
  if ((status === 401 || status === 403) && signed.status === status) {
    return {
      subject,
      status: 'fail',
      message: `the webhook endpoint answers ${status} whether a POST is signed or not: authentication middleware in front of it refuses Clerk's deliveries before the handler can verify them`,
      fix: "Make the webhook route public in the app's middleware (with `clerkMiddleware()`, leave it out of the protected routes); the handler's signature check is its protection.",
      evidence,
    }
  }
  if (signed.status >= 400 && signed.status < 500) {
    return {
      subject,
      status: 'fail',
      message: `the webhook endpoint refuses a POST signed with ${secretSource ?? 'the signing secret'} (${signed.status}): the deployed app verifies with another secret, usually the development instance's`,
      fix: "Set this environment's signing secret (Clerk dashboard → Webhooks → the endpoint → Signing Secret) as CLERK_WEBHOOK_SIGNING_SECRET in the hosting provider's variables, and redeploy.",
      evidence,
    }
  }
  return {
    subject,
    status: 'warn',
    message: `the webhook endpoint answered ${signed.status} to a correctly signed POST of an event type it does not know: it should answer 2xx and ignore it`,
    fix: 'Let the handler answer 200 for event types it does not act on; Clerk retries deliveries that fail.',
    evidence,
  }
}

/** In production the endpoint must be where Clerk can deliver: https, on the instance's domains. */
function placeWarning(plan: Plan, finding: Finding): Finding {
  if (plan.environment.instanceType !== 'production' || !plan.webhookUrl) return finding
  const url = new URL(plan.webhookUrl)
  const domains = [plan.domain?.value, ...plan.satellites].filter((d): d is string => Boolean(d))
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
