import { showDemo } from './demo.js'

// `npm run demo`: see demo/demo.ts.
const demo = await showDemo()
console.log(demo.text)
if (!demo.reportWritten) {
  console.error('No report was written: the demo is broken.')
  process.exitCode = 1
}
