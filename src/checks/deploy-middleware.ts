import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'deploy.middleware',
  title: "Clerk's middleware answers on the deployed app and refuses signed-out visitors on protected paths",
  doc: {
    subject: "the page URL, and each `protected-paths` entry's URL",
    verifies:
      "the page and each path in `protected-paths` are asked as a signed-out browser asks them (no cookies, `Sec-Fetch-Dest: document`, `Accept: text/html`; redirects followed on the app's origin only): Clerk's middleware answers (`x-clerk-auth-status`, which @clerk/nextjs copies from @clerk/backend's `authenticateRequest` into every answer, clerk/javascript packages/nextjs/src/server/clerkMiddleware.ts); a page it does not answer is a `warn` when the headers show Next.js (its matcher skips the page, or the file is not where Next.js reads it: `src/`, or `proxy.ts` from Next.js 16), else a `skip`. A protected path must be refused: a redirect (to sign-in), a 401/403, or a 404 with `x-clerk-auth-reason: protect-rewrite` (what `auth.protect()` answers a request that is not a page, packages/nextjs/src/server/protect.ts); served (2xx) is a `fail`, saying whether the middleware ran there (`auth.protect()` missing) or not (its matcher misses the path). When a document gets Clerk's handshake (a development key gives every document one: `dev-browser-missing`), the path is asked again as a script's fetch, which Clerk never hands to the handshake. `fail` also: a 500 with `x-vercel-error: MIDDLEWARE_INVOCATION_FAILED` (the middleware crashed: usually a key missing from the deployment's environment; vercel.com/docs/errors/MIDDLEWARE_INVOCATION_FAILED), `dev-browser-missing` on a production deployment (as `x-clerk-auth-reason` or as a handshake's `__clerk_hs_reason`: the server runs a development key), and a chain of redirects that comes back to a path it left (the sign-in page redirecting to itself). Each `x-clerk-auth-reason` met is named with its meaning (the table below, from @clerk/backend's `AuthErrorReason`, packages/backend/src/tokens/authStatus.ts); on the page, a reason a request without cookies should not meet (one the table gives a fix for, `unexpected-error` say) is a `warn` with that fix",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['url', 'live-checks'],
  side: 'app',
  // Each URL as a document, and again as a fetch after a handshake.
  network: { webExchanges: plan => 2 * (1 + plan.protectedPaths.length), dependentWebSteps: 1 },
})

export const deployMiddlewareCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "deploy" */ './deploy-middleware.run.js'),
)
