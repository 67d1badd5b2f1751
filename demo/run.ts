import { visibleLog } from '../test-support/run-action.js'
import { runDemo } from './report.js'

// `npm run demo`: runs the bundled action on the demo (demo/report.ts), with nothing leaving the machine. Prints the
// log and the job summary.

const run = await runDemo()
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
