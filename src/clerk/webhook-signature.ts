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
    // The dash is not ASCII: spacedEvent writes it as \u2014, which JSON.stringify does not.
    data: {
      object: 'clerk_preflight_probe',
      note: 'A signature check by clerk-preflight \u2014 no action is expected.',
    },
  })
}

/**
 * The same event in other bytes, as any JSON serializer may write a delivery: indented, and with every character beyond
 * ASCII written as a `\u` escape. A handler that verifies `JSON.stringify(await req.json())` instead of the raw body computes the
 * signature over other bytes than were signed, and refuses it.
 */
export function spacedEvent(compact: string): string {
  return JSON.stringify(JSON.parse(compact), null, 2).replace(
    /[\u0080-\uffff]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** A signing secret of the form Clerk's have, known to no endpoint: the probe that must be refused. */
export function randomSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`
}
