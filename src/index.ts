import { run } from './main.js'

// A log nobody reads any more (the runner went away) is not this step's failure: the report and outputs still count.
process.stdout.on('error', error => {
  if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error
})

void run()
