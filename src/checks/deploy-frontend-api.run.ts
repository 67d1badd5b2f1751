import { shownInstanceType } from '../clerk/api.js'
import { displayUrl } from '../web/hostname.js'
import type { CheckTools, Finding, InputsOf } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'
import type { Cause } from '../report/model.js'
import type { declaration } from './deploy-frontend-api.js'

/** clerk/javascript, packages/shared/src/proxy.ts: getAutoProxyUrlFromEnvironment, AUTO_PROXY_PATH. */
const AUTO_PROXY_NOTE =
  ' (the proxy @clerk/nextjs serves at /__clerk on a vercel.app production URL with no proxy-url; CLERK_DISABLE_AUTO_PROXY turns it off)'

/** The judgment of deploy.frontend-api (./deploy-frontend-api.ts declares it). */
export async function run(
  { plan, publishableKey, frontendApi }: InputsOf<typeof declaration>,
  { clerk }: CheckTools,
): Promise<Finding[]> {
  const parsed = publishableKey.parsed
  const subject = new URL(frontendApi).host
  const auto = plan.autoProxyUrl && frontendApi === plan.autoProxyUrl ? AUTO_PROXY_NOTE : ''
  // Quoted without the proxy URL's credentials, were it to carry any.
  const endpoint = `${displayUrl(frontendApi).replace(/\/$/, '')}/v1/environment`
  const answer = await clerk.liveEnvironment()
  if (!answer.ok && answer.runner) return [runnerSideError(subject, answer.runner, { endpoint })]
  if (!answer.ok) {
    const production = plan.environment.instanceType === 'production'
    return [
      {
        subject,
        status: production ? 'fail' : 'warn',
        message: `the Frontend API did not answer GET ${endpoint.replace(/^https?:\/\//, '')} (${answer.detail})${auto}${production ? ': the app cannot sign anyone in' : ''}`,
        fix: auto
          ? `On vercel.app, @clerk/nextjs serves the Frontend API at /__clerk by itself: check that the app's middleware (clerkMiddleware()) runs on /__clerk (its matcher must not exclude it), and that CLERK_DISABLE_AUTO_PROXY is not set; or set a custom domain and its clerk. CNAME.`
          : production
            ? `Check that clerk.<domain> (or the proxy) leads to Clerk (dns.cname, dns.proxy) and that the instance's certificates are deployed (deploy.certificates); then press "Deploy certificates" on the Clerk dashboard's home page if it is still pending.`
            : "Check Clerk's status page; a development instance's Frontend API is Clerk's to run.",
        followsFrom: withoutCertificate(subject),
        evidence: { endpoint, kind: answer.kind, status: answer.status },
      },
    ]
  }
  const said: unknown = answer.data.display_config?.instance_environment_type
  const shown = shownInstanceType(said)
  const evidence = { endpoint, instanceEnvironmentType: shown ?? null }
  if (said !== parsed.instanceType) {
    return [
      {
        subject,
        status: 'fail',
        message: shown
          ? `the Frontend API at ${subject} serves a ${shown} instance, but the key's prefix ${parsed.prefix} says ${parsed.instanceType}`
          : `the Frontend API at ${subject} answered without saying its instance type: it may not be Clerk's`,
        fix: 'Copy the publishable key again from the Clerk dashboard (API keys) of the instance this environment uses.',
        followsFrom: withoutCertificate(subject),
        evidence,
      },
    ]
  }
  return [
    {
      subject,
      status: 'pass',
      message: `the Frontend API at ${subject} answers for a ${said} instance${auto}`,
      evidence,
    },
  ]
}

/** A Frontend API whose host has no certificate of Clerk's does not answer as Clerk's: deploy.certificates says why. */
function withoutCertificate(host: string): Cause[] {
  return [{ id: 'deploy.certificates', subject: host }]
}
