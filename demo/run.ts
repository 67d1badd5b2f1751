import { readFile } from 'node:fs/promises'
import { publishableKey } from '../test-support/keys.js'
import { runAction, visibleLog } from '../test-support/run-action.js'

// `npm run demo`: runs the bundled action as the runner would, on a production deploy with a fake live publishable key
// and, by mistake, a development secret key. Prints the log and the job summary.

const run = await runAction({
  inputs: { environment: 'production' },
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
