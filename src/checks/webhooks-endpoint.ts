import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'webhooks.endpoint',
  title: 'The deployed webhook endpoint refuses unsigned events and accepts ones signed with this secret',
  doc: {
    subject: 'the webhook URL',
    verifies:
      "an unsigned POST is refused with a 4xx other than 404/405 (`fail` on 2xx: it accepts anything; on 404/405: not deployed there; on 3xx: Clerk does not follow redirects; on 401/403 when a signed POST is refused alike: auth middleware in front of it). `clerkMiddleware()` adds `x-clerk-auth-*` headers to every answer on a route it runs on, public ones included (clerk/javascript `packages/nextjs/src/server/clerkMiddleware.ts`, `packages/backend/src/tokens/authStatus.ts`), so only a 404 marked `x-clerk-auth-reason: protect-rewrite` (`auth.protect()` on a request that is not a page) or a redirect to a sign-in page (Express `requireAuth()`) `fail`s as a route behind Clerk's middleware: keep it public, as Clerk's webhook guides do, its signature is its protection (`createRouteMatcher()` gating is deprecated: clerk-docs `migrating-from-create-route-matcher.mdx`; the file is `proxy.ts` on Next.js 16). With a signing secret, two more POSTs in Svix's scheme, carrying a synthetic event type no handler acts on: one signed with it, one with a random secret. Signed answered 2xx and the random one refused: `pass`; both accepted: `fail` (it does not check the signature); signed refused, and answered like the random one: `fail`, it does not verify with this secret (another instance's secret, or `CLERK_WEBHOOK_SIGNING_SECRET` missing in the deployment); signed answered a redirect: `fail` (Clerk does not follow redirects; to sign-in: the middleware), never read as a refusal of the event type; signed answered otherwise than the random one, not 2xx: `warn`, it verified and then refused the event type (answer 2xx for types it does not act on). A fourth POST carries the same event signed with it in other bytes (indented, and `\\u` escapes for what is beyond ASCII): refused while the compact one is accepted, it is a `fail`, the handler verifies a re-serialized body (`JSON.stringify(await req.json())`) rather than the raw one Svix signed (verify `await req.text()`, or `verifyWebhook(req)`). In production, a `warn` when the URL is not https or not on the production domain or a satellite",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['webhook-url', 'live-checks'],
  uses: ['webhook-signing-secret', 'domain'],
  side: 'app',
  // Unsigned, signed with the secret, signed with a random one, and signed with the secret in other bytes.
  network: { webExchanges: () => 4 },
})

export const webhooksEndpointCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "webhooks" */ './webhooks-endpoint.run.js'),
)
