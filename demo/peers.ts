import { startClerkStandIn } from '../test-support/clerk-server.js'
import { startDnsServer } from '../test-support/dns-server.js'
import { startHttpServer } from '../test-support/http-server.js'
import { publishableKey } from '../test-support/keys.js'
import { nextApp } from '../test-support/next-app.js'
import { DEMO_ZONE } from './zone.js'

// The demo's world, all on loopback: DNS serving demo/zone.ts, the deployed page, and Clerk's Backend and Frontend
// APIs as stand-ins. Used by `npm run demo` and by the workflow that runs the action itself on the demo.

const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self' https://clerk.example.com https://challenges.cloudflare.com",
  "connect-src 'self' https://clerk.example.com",
  "img-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  'frame-src https://challenges.cloudflare.com',
].join('; ')

/** By mistake, the development instance's secret key on a production deploy. Fake. */
export const DEMO_SECRET_KEY = 'sk_test_DEMOonlyNOTaREALkey000000000000000'
export const DEMO_PUBLISHABLE_KEY = publishableKey('live', 'clerk.example.com')
/** What the deployed page really ships: the development instance's key, left in the hosting provider. Fake. */
export const DEMO_SHIPPED_KEY = publishableKey('test', 'fake-owl-00.clerk.accounts.dev')

export interface DemoPeers {
  dnsServer: string
  url: string
  webhookUrl: string
  clerkApiUrl: string
  frontendApiUrl: string
  close(): Promise<void>
}

export async function startDemoPeers(): Promise<DemoPeers> {
  const dns = await startDnsServer({ records: DEMO_ZONE })
  // The hosting provider still builds production with the development instance's publishable key, and its server
  // runs the development instance's keys too: Clerk's middleware (@clerk/backend's authenticateRequest) sends every
  // document to the development Frontend API's handshake. The webhook route answers 200 to anything.
  const web = await startHttpServer(
    { '/api/webhooks/clerk': { body: 'ok' } },
    nextApp({
      publishableKey: DEMO_SHIPPED_KEY,
      secretKey: DEMO_SECRET_KEY,
      headers: { 'content-security-policy': DEMO_CSP },
      html: `<!doctype html><html><head><title>shop</title></head><body><div id="root"></div><script>window.__clerk_publishable_key="${DEMO_SHIPPED_KEY}"</script></body></html>`,
    }),
  )
  // The Backend API knows the secret key as the development instance's; the Frontend API behind the publishable key
  // is the production instance, with passkeys on.
  const backend = await startClerkStandIn({
    secretKey: DEMO_SECRET_KEY,
    environmentType: 'development',
    domains: [
      {
        name: 'fake-owl-00.accounts.dev',
        is_satellite: false,
        frontend_api_url: 'https://fake-owl-00.clerk.accounts.dev',
        cname_targets: [],
      },
    ],
  })
  const frontend = await startClerkStandIn({
    secretKey: 'none',
    environmentType: 'production',
    domains: [],
    passkeys: true,
  })
  return {
    dnsServer: dns.address,
    url: `${web.origin.replace('127.0.0.1', 'localhost')}/`,
    webhookUrl: `${web.origin.replace('127.0.0.1', 'localhost')}/api/webhooks/clerk`,
    clerkApiUrl: backend.url,
    frontendApiUrl: frontend.url,
    close: async () => {
      await Promise.all([dns.close(), web.close(), backend.close(), frontend.close()])
    },
  }
}
