import { run } from './main.js'

// A log nobody reads any more (the runner went away) is not this step's failure: the report and outputs still count.
process.stdout.on('error', error => {
  if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error
})

// Past the run's deadline, work the checks started (a query, a fetch) may still be waiting on its own deadline: the
// report is written, so the step ends now rather than when the last of it gives up.
void run().then(() => process.exit())
