import { shownInstanceType } from '../clerk/api.js'
import { displayUrl } from '../web/hostname.js'
import { defineCheck, ATTEMPTS, EVERY_INSTANCE } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'
import type { Cause } from '../report/model.js'

/** clerk/javascript, packages/shared/src/proxy.ts: getAutoProxyUrlFromEnvironment, AUTO_PROXY_PATH. */
const AUTO_PROXY_NOTE =
  ' (the proxy @clerk/nextjs serves at /__clerk on a vercel.app production URL with no proxy-url; CLERK_DISABLE_AUTO_PROXY turns it off)'

export const deployFrontendApiCheck = defineCheck({
  id: 'deploy.frontend-api',
  title: "The instance's Frontend API answers, for the instance type its key names",
  doc: {
    subject: 'the Frontend API host',
    verifies:
      "`GET https://<fapi>/v1/environment?_clerk_js_version=6` (as Clerk's CLI asks it: clerk/cli `packages/cli-core/src/lib/fapi.ts`, `CLERK_JS_API_VERSION`) answers and its `display_config.instance_environment_type` is the key's; unreachable is a `fail` in production (a `warn` elsewhere), not the soft `warn` of `clerk.api`, unless the runner could not resolve the host (its resolver answers nothing, or `EAI_AGAIN`): the runner's `error`. A production instance on `*.vercel.app` with no `proxy-url` is asked at `https://<app>/__clerk`, the proxy `@clerk/nextjs` serves there (clerk/javascript `packages/shared/src/proxy.ts`: `getAutoProxyUrlFromEnvironment`); `oauth.providers` and `csp` use the same",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['live-checks', 'publishable-key', 'frontend-api'],
  side: 'clerk',
  network: { webExchanges: () => ATTEMPTS },
  async run({ plan, publishableKey, frontendApi }, { clerk }) {
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
  },
})

/** A Frontend API whose host has no certificate of Clerk's does not answer as Clerk's: deploy.certificates says why. */
function withoutCertificate(host: string): Cause[] {
  return [{ id: 'deploy.certificates', subject: host }]
}
