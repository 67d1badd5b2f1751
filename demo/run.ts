import { readFile } from 'node:fs/promises'
import { runAction, visibleLog } from '../test-support/run-action.js'
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY, startDemoPeers } from './peers.js'

// `npm run demo`: runs the bundled action as the runner would, on a production deploy of example.com with a fake
// live publishable key and, by mistake, a development secret key. Its DNS comes from a server on loopback serving
// demo/zone.ts, and the deployed page and Clerk's APIs from servers on loopback (demo/peers.ts), so nothing leaves the
// machine. Prints the log and the job summary.

const peers = await startDemoPeers()
try {
  const run = await runAction({
    inputs: {
      environment: 'production',
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

  console.log('--- the job log ---')
  console.log(visibleLog(run.stdout).trim())
  console.log('\n--- the job summary (Markdown) ---')
  console.log(run.summary.trim())
  console.log(`\n--- the report: ${run.outputs['report-file']} ---`)
  console.log(
    run.code === 0
      ? 'The step passed.'
      : `The step failed (exit code ${run.code}): in a workflow this blocks the deploy. Outputs: status=${run.outputs.status}, failed-checks=${run.outputs['failed-checks']}`,
  )
  if (!run.report) {
    console.error('No report was written: the demo is broken.')
    process.exitCode = 1
  }
} finally {
  await peers.close()
}
