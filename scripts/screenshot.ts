import { runDemo } from '../demo/report.js'
import { renderComment } from '../src/render/comment.js'
import { findChromium, launchChromium, showMarkdown } from '../test-support/browser.js'

// `npm run screenshot`: the demo's pull-request comment as GitHub shows it at 760 px (GitHub's stylesheet, the
// system's Chromium), written to docs/comment.png for the README. Needs a fresh `npm run bundle`: the demo runs dist/.

const chromium = findChromium()
if (!chromium) throw new Error('No Chromium found: apt-get install chromium, or set CHROMIUM_PATH.')
const run = await runDemo()
if (!run.report) throw new Error(`The demo wrote no report: ${run.stderr}`)
const browser = await launchChromium(chromium)
try {
  const comment = renderComment(run.report, { runUrl: 'https://github.com/acme/shop/actions/runs/1' })
  const page = await showMarkdown(browser, comment, 760)
  await page.screenshot({ path: 'docs/comment.png', fullPage: true })
  console.log(`docs/comment.png: the demo's comment, ${Buffer.byteLength(comment)} bytes`)
} finally {
  await browser.close()
}
