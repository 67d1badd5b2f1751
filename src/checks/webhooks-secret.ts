import type { Sourced } from '../settings/plan.js'
import { type CheckPlan, defineCheck, EVERY_INSTANCE, type Finding } from './shared/check.js'

const WHSEC = /^whsec_([A-Za-z0-9+/]+={0,2})$/

/** A short, one-way fingerprint: lets the file record which secret an environment uses without holding it. */
export async function secretFingerprint(secret: string): Promise<string> {
  const { createHash } = await import('node:crypto')
  return createHash('sha256').update(secret).digest('hex').slice(0, 16)
}

export const webhooksSecretCheck = defineCheck({
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
  async run({ plan, webhookSigningSecret }) {
    return [...(await judgeSecret(plan, webhookSigningSecret)), ...variableFindings(webhookSigningSecret)]
  },
})

async function judgeSecret(plan: CheckPlan, secret: Sourced<string>): Promise<Finding[]> {
  const body = WHSEC.exec(secret.value)?.[1]
  const bytes = body && body.length % 4 !== 1 ? Buffer.from(body, 'base64').length : 0
  if (!body || bytes < 16) {
    return [
      {
        subject: secret.source,
        status: 'fail',
        message: `${secret.source} is not a webhook signing secret: it must be whsec_ followed by base64 (${secret.value.startsWith('whsec_') ? 'the part after whsec_ is not base64, or too short' : 'it does not start with whsec_'})`,
        fix: "Copy the endpoint's Signing Secret again from the Clerk dashboard (Webhooks → the endpoint), whole.",
      },
    ]
  }
  const fingerprint = await secretFingerprint(secret.value)
  const evidence = { fingerprint }
  const env = plan.environment.name
  const recorded = plan.webhookFingerprints[env]
  if (plan.environment.instanceType === 'production') {
    const sharedWith = Object.entries(plan.webhookFingerprints)
      .filter(([name, fp]) => name !== env && fp === fingerprint)
      .map(([name]) => name)
    if (sharedWith.length > 0) {
      return [
        {
          subject: secret.source,
          status: 'fail',
          message: `${secret.source} is the secret recorded for ${sharedWith.join(', ')} (fingerprint ${fingerprint}): a development endpoint's secret left behind in production`,
          fix: `Use the signing secret of the production endpoint (Clerk dashboard, production instance → Webhooks), and record its fingerprint as \`environments.${env}.webhook-secret-fingerprint: "<the new fingerprint>"\`.`,
          evidence,
        },
      ]
    }
  }
  if (recorded && recorded !== fingerprint) {
    return [
      {
        subject: secret.source,
        status: 'warn',
        message: `${secret.source} is not the secret recorded for ${env} (fingerprint ${fingerprint}, recorded ${recorded}): was it rotated, or is it another endpoint's?`,
        fix: `If the secret was rotated on purpose, set \`environments.${env}.webhook-secret-fingerprint: "${fingerprint}"\`.`,
        evidence,
      },
    ]
  }
  return [
    {
      subject: secret.source,
      status: 'pass',
      message: `well formed (whsec_, ${bytes} bytes); fingerprint ${fingerprint}${recorded ? `, as recorded for ${env}` : ` (record it as \`environments.${env}.webhook-secret-fingerprint: "${fingerprint}"\` to catch a secret from another environment)`}`,
      evidence,
    },
  ]
}

/**
 * Clerk's `verifyWebhook()` reads only CLERK_WEBHOOK_SIGNING_SECRET (clerk/javascript, packages/backend/src/webhooks.ts:
 * `options.signingSecret ?? getEnvVariable('CLERK_WEBHOOK_SIGNING_SECRET')`). A secret found only under the older name
 * CLERK_WEBHOOK_SECRET is one the app's handler will not see, unless it passes it itself.
 */
function variableFindings(secret: Sourced<string>): Finding[] {
  if (secret.source !== 'CLERK_WEBHOOK_SECRET') return []
  return [
    {
      subject: 'CLERK_WEBHOOK_SECRET',
      status: 'warn',
      message:
        "the webhook signing secret is set only as CLERK_WEBHOOK_SECRET, but Clerk's verifyWebhook() reads CLERK_WEBHOOK_SIGNING_SECRET: the app's webhook handler will not find it",
      fix: 'Name the variable `CLERK_WEBHOOK_SIGNING_SECRET` in the hosting provider and here, or pass `signingSecret` to verifyWebhook() yourself.',
    },
  ]
}
