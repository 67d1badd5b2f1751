import { run } from './main.js'

// Past the run's deadline, work the checks started (a query, a fetch) may still be waiting on its own deadline: the
// report is written, so the step ends now rather than when the last of it gives up.
void run().then(() => process.exit())
