import { declareCheck, judged, PRODUCTION_ONLY } from './shared/check.js'

export const declaration = declareCheck({
  id: 'deploy.proxy-domain',
  title: "The deployed page points clerk-js at the configuration's proxy and domain",
  doc: {
    subject: 'the attribute (`data-clerk-proxy-url`, `data-clerk-domain`), or the page URL when the page ships neither',
    verifies:
      "the `data-clerk-proxy-url` and `data-clerk-domain` of the Clerk script tags in the deployed page's HTML (as Clerk's loaders write them: clerk/javascript `packages/shared/src/loadClerkJsScript.ts`, `buildClerkJsScriptAttributes`; the page read once, with deploy.publishable-key and csp), where clerk-js sends every browser's Frontend API request. The proxy URL, resolved against the page as clerk-js resolves a relative one, equals `proxy-url` (or @clerk/nextjs' own `/__clerk` on vercel.app), else `fail`; one the configuration does not name is a `warn`, and so is a Clerk script tag without it when `proxy-url` is set. The domain, read as clerk-js reads it (the scheme stripped, `clerk.` prefixed in production: `packages/clerk-js/src/core/clerk.ts`, `get domain()`), is the satellite's own on a satellite's page, else the primary `domain` (clerk-docs `guides/dashboard/dns-domains/satellite-domains.mdx`), else `fail`. A page that ships neither (frameworks that load clerk-js at run time set them in code, not in the HTML) is a `skip`. Proxies and satellites are for production instances",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['url', 'live-checks'],
  uses: ['domain'],
  side: 'app',
  // The page, shared with deploy.publishable-key and csp.
  network: { readsPage: true },
})

export const deployProxyDomainCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "deploy" */ './deploy-proxy-domain.run.js'),
)
