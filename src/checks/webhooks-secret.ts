import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'webhooks.secret',
  title: 'The webhook signing secret is well formed and belongs to this environment',
  doc: {
    subject: 'variable or input name',
    verifies:
      "the webhook signing secret is `whsec_` + base64 of at least 16 bytes, and not another environment's (by the fingerprints in the file); a `warn` when it is set only as `CLERK_WEBHOOK_SECRET`, which Clerk's `verifyWebhook()` does not read (it reads `CLERK_WEBHOOK_SIGNING_SECRET`: `packages/backend/src/webhooks.ts`)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['webhook-signing-secret'],
  side: 'clerk',
  network: {},
})

export const webhooksSecretCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "webhooks" */ './webhooks-secret.run.js'),
)
