import { readFile } from 'node:fs/promises'
import { startDnsServer } from '../test-support/dns-server.js'
import { startHttpServer } from '../test-support/http-server.js'
import { publishableKey } from '../test-support/keys.js'
import { runAction, visibleLog } from '../test-support/run-action.js'
import { DEMO_ZONE } from './zone.js'

// `npm run demo`: runs the bundled action as the runner would, on a production deploy of example.com with a fake
// live publishable key and, by mistake, a development secret key. Its DNS comes from a server on loopback serving
// demo/zone.ts, and the deployed page from a web server on loopback, so nothing leaves the machine. Prints the log
// and the job summary.

const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self' https://clerk.example.com https://challenges.cloudflare.com",
  "connect-src 'self' https://clerk.example.com",
  "img-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  'frame-src https://challenges.cloudflare.com',
].join('; ')

const dns = await startDnsServer({ records: DEMO_ZONE })
const web = await startHttpServer({ '/': { headers: { 'content-security-policy': DEMO_CSP } } })
try {
  const run = await runAction({
    inputs: { environment: 'production', 'dns-servers': dns.address, url: `${web.origin.replace('127.0.0.1', 'localhost')}/` },
    env: {
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.example.com'),
      CLERK_SECRET_KEY: 'sk_test_DEMOonlyNOTaREALkey000000000000000',
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
  await Promise.all([dns.close(), web.close()])
}
