import { declareCheck, ATTEMPTS, PRODUCTION_ONLY, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'clerk.proxy',
  title: "Clerk verifies the Frontend API proxy of this instance's domain",
  doc: {
    subject: 'the proxy URL',
    verifies:
      "with `proxy-url` and the secret key: Clerk itself verifies that the proxy forwards to the instance's Frontend API (Backend API `POST /v1/proxy_checks` with the primary domain's id from `GET /v1/domains` and the proxy URL: clerk/openapi-specs `bapi`, `VerifyDomainProxy`; sent once, never again). `successful: false`, or Clerk's refusal with its reason, is `fail`; a domain Clerk has set up with another proxy URL is `fail`. Proxying is for production instances only (clerk-docs `guides/dashboard/dns-domains/proxy-fapi.mdx`). The proxy is served with the app (a route or a worker), so before the deploy the previous release's proxy is what Clerk reaches: an app-side finding, at most `warn` then",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['proxy-url', 'secret-key', 'clerk-api'],
  side: 'app',
  network: {
    // The domains (shared with clerk.api), then one POST that is never sent twice.
    webExchanges: () => ATTEMPTS + 1,
    dependentWebSteps: 1,
  },
})

export const clerkProxyCheck = judged(declaration, () => import(/* webpackChunkName: "clerk" */ './clerk-proxy.run.js'))
