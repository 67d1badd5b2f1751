import { createHmac, randomBytes } from 'node:crypto'

/**
 * Signs a webhook body the way Clerk's webhooks are signed, in Svix's scheme (the one `verifyWebhook()` and the `svix`
 * package check): `svix-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the bytes the
 * base64 after `whsec_` encodes. The secret is used only here and never sent.
 */
export function svixHeaders(secret: string, body: string, now = new Date()): Record<string, string> {
  const id = `msg_clerkpreflight${randomBytes(8).toString('hex')}`
  const timestamp = String(Math.floor(now.getTime() / 1000))
  const key = Buffer.from(secret.trim().replace(/^whsec_/, ''), 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
  return { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': `v1,${signature}` }
}

/**
 * The synthetic event the probe posts: an event type no Clerk handler acts on (Clerk's are `user.created` and the
 * like), so a handler that verifies it has nothing to do but answer 2xx.
 */
export function probeEvent(now = new Date()): string {
  return JSON.stringify({
    type: 'clerk_preflight.probe',
    object: 'event',
    timestamp: now.getTime(),
    data: { object: 'clerk_preflight_probe', note: 'A signature check by clerk-preflight; no action is expected.' },
  })
}

/** A signing secret of the form Clerk's have, known to no endpoint: the probe that must be refused. */
export function randomSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`
}
