import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

/** How much of the deployed app is read: the page and its first scripts, each up to a bound, at once. */
export const MAX_SCRIPTS = 8

export const declaration = declareCheck({
  id: 'deploy.publishable-key',
  title: 'The deployed app ships the publishable key this environment needs',
  doc: {
    subject: 'the page URL',
    verifies:
      'the publishable key(s) the deployed app ships, in its HTML or the first 8 same-origin scripts it loads (a `data-clerk-publishable-key` attribute, a key a bundler inlined, a key in a Next.js RSC payload): of the instance type the environment needs (`fail`: "update the hosting provider\'s variable and redeploy") and equal to the configured key (`fail`: "built with another key"); the message says where each was found. None found is a `warn` in production and a `skip` elsewhere, never a `pass`. Stripe\'s `pk_live_` keys do not count: only what decodes as a Clerk key does',
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['url', 'live-checks'],
  uses: ['publishable-key'],
  side: 'app',
  // The page (shared with csp), then its scripts.
  network: { readsPage: true, webExchanges: () => MAX_SCRIPTS, dependentWebSteps: 1 },
})

export const deployPublishableKeyCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "deploy" */ './deploy-publishable-key.run.js'),
)
