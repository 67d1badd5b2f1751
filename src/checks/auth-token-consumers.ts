import { TOKEN_VARIABLES } from '../settings/plan.js'
import { declareCheck, ATTEMPTS, EVERY_INSTANCE, judged } from './shared/check.js'

/** The variables that hold the PEM public key (CLERK_JWT_KEY and its public twin); the judgment reads them too. */
export const KEY_VARIABLES = TOKEN_VARIABLES.filter(name => name.endsWith('JWT_KEY'))

export const declaration = declareCheck({
  id: 'auth.token-consumers',
  title: "Whatever verifies this instance's session tokens points at this instance",
  doc: {
    subject: 'variable or file',
    verifies:
      "the issuer and JWKS settings found in the runner's environment (`CLERK_JWT_ISSUER_DOMAIN` and `CLERK_FRONTEND_API_URL` as Convex's and Clerk's Convex guides name them, `CLERK_ISSUER_URL`, `CLERK_JWKS_URL`) and in the workspace (Convex's `convex/auth.config.*` `domain`, or a custom JWT provider's `issuer` and `jwks`: docs.convex.dev/config/auth.config.ts; Supabase's `[auth.third_party.clerk]` `domain` in `supabase/config.toml`, whose issuer is `https://<domain>`: supabase/cli `pkg/config/auth.go`) name the Frontend API of the publishable key's instance, or its proxy: Clerk names it as its session tokens' issuer (clerk-docs `guides/sessions/session-tokens.mdx`), and a verifier set up for another instance refuses every token of this one. A development instance's host in production, or another instance's, is `fail`; in `supabase/config.toml`, which the Supabase CLI uses for local development and `supabase config push`, a `warn`; a setting read from a variable this run does not have is `skip`. `CLERK_JWT_KEY` / `NEXT_PUBLIC_CLERK_JWT_KEY`, when set, is one of the instance's signing keys (clerk-docs `guides/sessions/manual-jwt-verification.mdx`): compared with its JWKS from the Backend API (`GET /v1/jwks`, with the secret key) or, without it and with the live checks, the `/.well-known/jwks.json` of the Frontend API the publishable key names (never `proxy-url`, which the configuration file may set: a proxy could answer another instance's keys)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['publishable-key'],
  uses: ['clerk-api', 'live-checks'],
  side: 'clerk',
  network: {
    webExchanges: plan => (KEY_VARIABLES.some(name => plan.tokenVariables[name]) ? ATTEMPTS : 0),
  },
})

export const authTokenConsumersCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "auth" */ './auth-token-consumers.run.js'),
)
