import { declareCheck, judged, PRODUCTION_ONLY } from './shared/check.js'

export const declaration = declareCheck({
  id: 'deploy.origins',
  title: 'The production Frontend API accepts requests from every app origin',
  doc: {
    subject: 'app origin',
    verifies:
      "production: a request with `Origin: <origin>` to the Frontend API that origin's browser talks to (the primary's; for an origin on a satellite, `clerk.<satellite>` or the satellite's proxy, as clerk-js asks its `domain`'s Frontend API: clerk/javascript `packages/clerk-js/src/core/fapiClient.ts`) is not refused with Clerk's `origin_invalid`, the only refusal code in Clerk's sources (what clerk-js turns into \"Production Keys are only allowed for domain …\": `packages/clerk-js/src/core/resources/Base.ts`, `assertProductionKeysOnDev`): that `fail`s, with the fix (on the domain, the origin's scheme or port is the cause: https on the default port; another domain: a satellite). Any other answer is a `pass` that says what was seen; no answer is `skip` (see `deploy.frontend-api`)",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'publishable-key', 'frontend-api', 'app-origins'],
  uses: ['domain'],
  side: 'clerk',
  network: { webExchanges: plan => plan.appOrigins.value.length },
})

export const deployOriginsCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "deploy" */ './deploy-origins.run.js'),
)
