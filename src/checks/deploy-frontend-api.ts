import { parsePublishableKey } from '../clerk/keys.js'
import type { Check } from './check.js'
import { liveSkip } from './live.js'

/** clerk/javascript, packages/shared/src/proxy.ts: getAutoProxyUrlFromEnvironment, AUTO_PROXY_PATH. */
const AUTO_PROXY_NOTE =
  ' (the proxy @clerk/nextjs serves at /__clerk on a vercel.app production URL with no proxy-url; CLERK_DISABLE_AUTO_PROXY turns it off)'

export const frontendApiLiveCheck: Check = {
  id: 'deploy.frontend-api',
  title: "The instance's Frontend API answers, for the instance type its key names",
  side: 'clerk',
  async run(plan, { clerk }) {
    const parsed = plan.publishableKey && parsePublishableKey(plan.publishableKey.value)
    const subject = plan.frontendApiUrl ? new URL(plan.frontendApiUrl).host : '—'
    const auto = plan.autoProxyUrl && plan.frontendApiUrl === plan.autoProxyUrl ? AUTO_PROXY_NOTE : ''
    const skipped = liveSkip(plan, subject)
    if (skipped) return [skipped]
    if (!parsed?.ok || !plan.frontendApiUrl) {
      return [
        {
          subject,
          status: 'skip',
          message: 'no Frontend API to ask: the publishable key is missing or malformed (see keys.publishable)',
        },
      ]
    }
    const endpoint = `${plan.frontendApiUrl.replace(/\/$/, '')}/v1/environment`
    const answer = await clerk.liveEnvironment()
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
          evidence: { endpoint, kind: answer.kind, status: answer.status },
        },
      ]
    }
    const said = answer.data.display_config?.instance_environment_type
    const evidence = { endpoint, instanceEnvironmentType: said }
    if (said !== parsed.instanceType) {
      return [
        {
          subject,
          status: 'fail',
          message: said
            ? `the Frontend API at ${subject} serves a ${said} instance, but the key's prefix ${parsed.prefix} says ${parsed.instanceType}`
            : `the Frontend API at ${subject} answered without saying its instance type: it may not be Clerk's`,
          fix: 'Copy the publishable key again from the Clerk dashboard (API keys) of the instance this environment uses.',
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
  },
}
