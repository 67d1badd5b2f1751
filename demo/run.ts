import { readFile } from 'node:fs/promises'
import { startClerkStandIn } from '../test-support/clerk-server.js'
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

const SECRET_KEY = 'sk_test_DEMOonlyNOTaREALkey000000000000000'
const dns = await startDnsServer({ records: DEMO_ZONE })
const web = await startHttpServer({ '/': { headers: { 'content-security-policy': DEMO_CSP } } })
// Clerk, as stand-ins: the Backend API knows the secret key as the development instance's; the Frontend API behind
// the publishable key is the production instance, with passkeys on.
const backend = await startClerkStandIn({
  secretKey: SECRET_KEY,
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
try {
  const run = await runAction({
    inputs: {
      environment: 'production',
      'dns-servers': dns.address,
      url: `${web.origin.replace('127.0.0.1', 'localhost')}/`,
    },
    env: {
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.example.com'),
      CLERK_SECRET_KEY: SECRET_KEY,
      CLERK_API_URL: backend.url,
      CLERK_FAPI_URL: frontend.url,
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
  await Promise.all([dns.close(), web.close(), backend.close(), frontend.close()])
}
