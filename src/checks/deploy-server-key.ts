import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'
import { MAX_HANDSHAKE_REQUESTS } from '../web/handshake-follow.js'

export const declaration = declareCheck({
  id: 'deploy.server-key',
  title: "The deployed server runs the configured instance's key",
  doc: {
    subject: 'the page URL',
    verifies:
      "the page is asked as a document (`Sec-Fetch-Dest: document`) with a `__client_uat` cookie and no session, which Clerk's middleware answers with its handshake: a 307 to `/v1/client/handshake` on the Frontend API of the key the server holds (@clerk/backend's `authenticateRequest`, reason `client-uat-but-no-session-token`; the answers Clerk's own tests expect, clerk/javascript integration/tests/handshake.test.ts, \"missing session token, positive uat\", proxyUrl and domain). The handshake must go to the configured publishable key's Frontend API, or to its proxy (`proxy-url`, or `https://<app>/__clerk` for a production key on `*.vercel.app`, as @clerk/nextjs proxies it by itself): another host is a `fail`, naming both (the server runs another instance's key, while the browser may still ship the right one, which deploy.publishable-key cannot see). No handshake while the middleware answers is a `warn`; a page the middleware does not answer is a `skip` (deploy.middleware says why). " +
      `A handshake to the right host is then followed as a browser follows it (each redirect asked with the cookies a browser holds by then: the Frontend API's \`__clerk_handshake\`, the middleware's \`__clerk_redirect_count\`; at most ${MAX_HANDSHAKE_REQUESTS} requests within one deadline; the bypass only to the app's own origin): it must not come back to the same URL (its path: the query changes every round) more than twice (a development instance's chain comes back twice and settles: the page, the Frontend API, the page with \`__clerk_handshake\`, the page; Clerk's test "Handshake result - dev - nominal"). A third return is a \`fail\`: the server does not accept what its Frontend API brings back, as when its secret key is another instance's than its publishable key (Clerk's middleware counts its handshakes in \`__clerk_redirect_count\` and gives up at the third, signing the browser out: "Refreshing the session token resulted in an infinite redirect loop. This usually means that your Clerk instance keys do not match", @clerk/backend packages/backend/src/tokens/handshake.ts, checkAndTrackRedirectLoop, and request.ts), or, with no new handshake in the loop, a protected sign-in page. A chain still redirecting after that many requests is a \`warn\`; one that cannot be followed to its end (the Frontend API does not answer: deploy.frontend-api says why) leaves the verdict on the key as it is, saying so`,
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['url', 'live-checks', 'publishable-key'],
  side: 'app',
  // The probe, then the handshake followed on from it (its requests within one deadline).
  network: { webExchanges: () => 2, dependentWebSteps: 1 },
})

export const deployServerKeyCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "deploy" */ './deploy-server-key.run.js'),
)
