import { runCommand } from './command.js'

// A reader that went away (`clerk-preflight | head`) is not the run's failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', error => {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error
  })
}

// Past the run's deadline, work the checks started may still be waiting on its own deadline: the verdict is printed,
// so the command ends now, once what it printed has been handed over.
void runCommand(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }).then(
  code => {
    process.exitCode = code
    process.stdout.write('', () => process.exit(code))
  },
  (error: unknown) => {
    process.stderr.write(`clerk-preflight: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
