import { readFile } from 'node:fs/promises'
import { runAction, type ActionRun } from '../test-support/run-action.js'
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY, startDemoPeers } from './peers.js'

/**
 * The demo's run: the bundled action, as the runner runs it, on a production deploy of example.com with a fake live
 * publishable key and, by mistake, a development secret key. DNS, the deployed page and Clerk's APIs are served on
 * loopback (demo/peers.ts), so nothing leaves the machine. `npm run demo` prints it; the browser test and the README's
 * screenshot render its report.
 */
export async function runDemo(): Promise<ActionRun> {
  const peers = await startDemoPeers()
  try {
    return await runAction({
      inputs: {
        environment: 'production',
        // The deployed app is the one this run judges (as on deployment_status): its findings are enforced.
        phase: 'after-deploy',
        'dns-servers': peers.dnsServer,
        url: peers.url,
        'webhook-url': peers.webhookUrl,
      },
      env: {
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
        CLERK_SECRET_KEY: DEMO_SECRET_KEY,
        CLERK_API_URL: peers.clerkApiUrl,
        CLERK_FAPI_URL: peers.frontendApiUrl,
      },
      files: { '.github/clerk-preflight.yml': await readFile(new URL('clerk-preflight.yml', import.meta.url), 'utf8') },
    })
  } finally {
    await peers.close()
  }
}
