import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY, startDemoPeers } from './peers.js'

// Serves the demo's world on loopback until stopped, for the workflow that runs the action with `uses: ./`. Prints
// one line of JSON with what the action's inputs and environment need, then waits for SIGTERM or SIGINT.

const peers = await startDemoPeers()
console.log(
  JSON.stringify({
    'dns-servers': peers.dnsServer,
    url: peers.url,
    'webhook-url': peers.webhookUrl,
    'publishable-key': DEMO_PUBLISHABLE_KEY,
    'secret-key': DEMO_SECRET_KEY,
    'clerk-api-url': peers.clerkApiUrl,
    'clerk-fapi-url': peers.frontendApiUrl,
  }),
)
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void peers.close())
