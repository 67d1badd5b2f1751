import { declareCheck, ATTEMPTS, judged, PRODUCTION_ONLY } from './shared/check.js'

export const declaration = declareCheck({
  id: 'oauth.providers',
  title: 'Every social connection of development is set up in production, with its own credentials',
  doc: {
    subject: 'strategy (`oauth_github`)',
    verifies:
      "production: every social connection enabled in the development instance (`user_settings.social` of its public Frontend API) is enabled in production; the fix gives the redirect URI to register, `https://clerk.<domain>/v1/oauth_callback` (the proxy's when there is one, vercel.app's `/__clerk` included), and for Google the consent screen's \"In production\" status. With `platform-api-key`, each enabled connection must also have its own credentials, as Clerk's CLI `clerk deploy status` checks (`clerk/cli`, `commands/deploy/providers.ts`): the fields come from Clerk's schema of `connection_oauth_<provider>` (`GET …/config/schema?keys=`), `client_id` and `client_secret` where it has them, Apple's four by the CLI's rule; a provider the schema cannot describe is `skip`",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'development-publishable-key'],
  uses: ['publishable-key', 'domain'],
  side: 'clerk',
  network: {
    // The development instance's Frontend API; with a Platform API key, the applications, then the configuration and
    // its schema.
    webExchanges: plan => ATTEMPTS + (plan.platformApiKey ? 3 : 0),
    dependentWebSteps: 1,
  },
})

export const oauthProvidersCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "oauth" */ './oauth-providers.run.js'),
)
