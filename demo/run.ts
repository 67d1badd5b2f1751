import { runDemo } from './demo.js'

// `npm run demo`: see demo/demo.ts.
const demo = await runDemo()
console.log(demo.text)
if (!demo.reportWritten) {
  console.error('No report was written: the demo is broken.')
  process.exitCode = 1
}
