import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'keys.frontend-api',
  title: "The publishable key's Frontend API host fits the instance",
  doc: {
    subject: 'the decoded host',
    verifies:
      "production: the host is `clerk.<domain>`, the proxy's host, or `clerk.<satellite>` of a listed satellite (as Clerk's SDK gives a satellite its Frontend API: `parsePublishableKey` with `isSatellite`); `staging` on production's own instance `warn`s: Clerk documents it as a staging alternative, not recommended, not forbidden (clerk-docs `guides/development/deployment/staging-alternatives.mdx`; see [the target environment](configuration.md#the-target-environment)). A production domain on a shared domain of the Public Suffix List's private section (`netlify.app`, `pages.dev`, `web.app`, `workers.dev`, `up.railway.app`, …) fails, since no Clerk record can be added there; on `vercel.app` it warns instead, because `@clerk/nextjs` proxies a production instance there by itself, within limits the message names (`packages/shared/src/proxy.ts`). The list cannot tell a registry (`shop.us.com`, `*.eu.org`, `*.co.nl`: the owner runs the zone) from a hosting platform, so the DNS decides whose zone it is: an SOA at or below the registrable name (a zone cut) makes the domain the user's, judged as any other; none, and it is the platform's, \"shared\". When the DNS cannot say, the list is taken at its word and the message says so; a skipped DNS check always says why. Other environments: a Clerk development host (`*.accounts.dev`, `*.accountsstage.dev`, `*.accounts.lclclerk.com`, legacy `*.lcl.dev`)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['publishable-key'],
  uses: ['domain'],
  side: 'clerk',
  network: {},
})

export const keysFrontendApiCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "keys" */ './keys-frontend-api.run.js'),
)
