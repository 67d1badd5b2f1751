import type { Browser } from 'playwright-core'
import { runDemo } from '../demo/report.js'
import { COMMENT_LIMIT, renderComment } from '../src/render/comment.js'
import { present } from '../src/render/presentation.js'
import { environmentLine, renderPresentation, renderSummary, verdictLine } from '../src/render/summary.js'
import { buildReport } from '../src/report/build.js'
import type { Report } from '../src/report/model.js'
import { addedParts, findChromium, launchChromium, measure, showMarkdown } from '../test-support/browser.js'
import { PK_TEST } from '../test-support/keys.js'
import { runScenario } from '../test-support/scenario.js'

// The comment and the job summary as a reviewer sees them: GitHub-flavoured Markdown in GitHub's stylesheet, in a real
// Chromium, at the width of a pull-request comment (760 px) and of a wide job summary (1,100 px). Nothing may need a
// sideways scroll to be read, and each problem's fix starts in view (issue 20).

const chromium = findChromium()
const SKIPPED = 'browser.test.ts skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)'
// Jest names no test of a suite skipped whole: the reason is said on one line of its own.
if (!chromium) process.stderr.write(`${SKIPPED}\n`)
const inBrowser = chromium ? describe : describe.skip
const TITLE = chromium ? 'in a browser, with GitHub’s stylesheet' : SKIPPED

let browser: Browser
const reports: Record<string, Report> = {}

inBrowser(TITLE, () => {
  beforeAll(async () => {
    browser = await launchChromium(chromium as string)
    const demo = await runDemo()
    if (!demo.report) throw new Error(`the demo wrote no report: ${demo.stderr}`)
    reports.demo = demo.report
    // 100 app origins and a list holding one of them with a trailing slash: the corrected list has all 100.
    const origins = Array.from({ length: 100 }, (_, i) => `https://app${i}.some-long-company-name.example.com`)
    const { results } = await runScenario({
      inputs: {
        environment: 'development',
        'app-origins': origins.join(','),
        'authorized-parties': `${origins[0]}/`,
      },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    reports.origins = buildReport(
      { name: 'preview', instanceType: 'development', source: 'input', phase: 'after-deploy' },
      results,
      5,
    )
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })

  const renderings = {
    comment: (report: Report) => renderComment(report, { runUrl: 'https://github.com/o/r/actions/runs/1' }),
    summary: (report: Report) => renderSummary(report, {}),
  }

  describe.each(['demo', 'origins'])('the %s report', which => {
    describe.each(['comment', 'summary'] as const)('its %s', rendering => {
      it.each([760, 1100])('at %i px: no table wider than the pane, every fix starts in view', async width => {
        const report = reports[which] as Report
        const page = await showMarkdown(browser, renderings[rendering](report), width)
        try {
          const layout = await measure(page)
          expect(layout.documentWidth).toBeLessThanOrEqual(width)
          for (const table of layout.tables) {
            expect(table.scrollWidth).toBeLessThanOrEqual(table.width)
            expect(table.right).toBeLessThanOrEqual(layout.pane.right + 0.5)
          }
          // Only a code block may scroll sideways, inside itself: no text, code span or heading reaches past the pane.
          expect(layout.overflowing.filter(e => !e.startsWith('pre:'))).toEqual([])
          const problems = present(report).problems
          expect(layout.problems).toBe(problems.length)
          expect(layout.fixes).toHaveLength(problems.filter(p => p.fix).length)
          // The comment folds the warnings when something fails: they do not block. Every other fix is in view.
          const folded =
            rendering === 'comment' && report.status === 'fail' ? problems.filter(p => p.status === 'warn') : []
          const open = layout.fixes.filter(f => !f.folded)
          expect(open).toHaveLength(problems.filter(p => p.fix && !folded.includes(p)).length)
          for (const fix of open) {
            expect(fix.left).toBeGreaterThanOrEqual(layout.pane.left - 0.5)
            expect(fix.right).toBeLessThanOrEqual(layout.pane.right + 0.5)
            expect(fix.paragraphRight).toBeLessThanOrEqual(layout.pane.right + 0.5)
          }
        } finally {
          await page.close()
        }
      })

      it.each([760, 1100])('at %i px: what each block to copy adds is in view without scrolling it', async width => {
        const report = reports[which] as Report
        const presented = present(report)
        // The comment leaves the records' block to the summary: each record is in its problem's fix.
        const records = rendering === 'summary' && presented.recordsBlock ? [presented.recordsBlock] : []
        const blocks = [...presented.problems.flatMap(p => (p.block ? [p.block] : [])), ...records]
          .flat()
          .filter(b => b.added.length > 0)
        const page = await showMarkdown(browser, renderings[rendering](report), width)
        try {
          const { parts, missing } = await addedParts(page, blocks)
          // Every block is on the page (neither report is too long for a comment), each with what it adds.
          expect(missing).toBe(0)
          expect(parts).toHaveLength(blocks.reduce((n, b) => n + b.added.length, 0))
          for (const part of parts) {
            expect({ part: part.text, left: part.left >= part.visibleLeft - 0.5 }).toEqual({
              part: part.text,
              left: true,
            })
            expect({ part: part.text, right: part.right <= part.visibleRight + 0.5 }).toEqual({
              part: part.text,
              right: true,
            })
          }
        } finally {
          await page.close()
        }
      })
    })
  })

  // Before issue 32, the comment laid the problems out as the job summary does (a heading, a paragraph of what is
  // wrong, one of the fix), with the DNS records again and what passed: the demo's was 2,661 px tall at 760 px and
  // 2,329 px at 1,100 px (this Chromium, github-markdown-css 5.9). That layout is rendered here from the same report.
  const asBefore = (report: Report) => {
    const presentation = present(report)
    const head = [
      `### ${verdictLine(presentation)}`,
      '',
      `${environmentLine(report)} · [the run](https://github.com/o/r/actions/runs/1)`,
    ].join('\n')
    return renderPresentation(head, presentation, { style: 'full', level: 4, limit: COMMENT_LIMIT, whereLeftOut: '' })
  }

  it.each([760, 1100])(
    'at %i px, the demo’s comment is at least a third shorter than laid out in full',
    async width => {
      const report = reports.demo as Report
      const heights: number[] = []
      for (const markdown of [asBefore(report), renderings.comment(report)]) {
        const page = await showMarkdown(browser, markdown, width)
        heights.push((await measure(page)).height)
        await page.close()
      }
      const [before = 0, after = 0] = heights
      process.stderr.write(
        `the demo's comment at ${width} px: ${Math.round(before)} px laid out in full, ${Math.round(after)} px now\n`,
      )
      expect(after).toBeLessThanOrEqual((before * 2) / 3)
    },
  )

  it('sees a table that needs a sideways scroll, as the findings table of before did', async () => {
    const list = `\`authorizedParties: ${JSON.stringify(Array.from({ length: 12 }, (_, i) => `https://app${i}.example.com`))}\``
    const table = [
      '| | Check | Result | Fix |',
      '|---|---|---|---|',
      `| ❌ | \`auth.authorized-parties\` | missing | ${list} |`,
    ]
    const page = await showMarkdown(browser, table.join('\n'), 760)
    try {
      const [measured] = (await measure(page)).tables
      expect(measured?.scrollWidth).toBeGreaterThan((measured?.width ?? 0) + 100)
    } finally {
      await page.close()
    }
  })

  it('sees an added source behind a code block’s edge, as the policy of before hid it at 760 px', async () => {
    const line =
      "script-src 'self' https://clerk.example.com https://challenges.cloudflare.com https://*.protect.clerk.com;"
    const source = 'https://*.protect.clerk.com'
    const block = { text: line, added: [{ at: line.indexOf(source), length: source.length }] }
    const page = await showMarkdown(browser, `\`\`\`\n${line}\n\`\`\``, 760)
    try {
      const [part] = (await addedParts(page, [block])).parts
      expect(part?.right).toBeGreaterThan(part?.visibleRight ?? Infinity)
    } finally {
      await page.close()
    }
  })

  it('shows the demo’s sixteen failures as nine problems, and its warning', () => {
    const problems = present(reports.demo as Report).problems
    expect(reports.demo?.counts.fail).toBe(16)
    // deploy.middleware and deploy.server-key say one cause (the server's development key): one problem.
    expect(problems.filter(p => p.status === 'fail')).toHaveLength(9)
    expect(problems.filter(p => p.status === 'warn')).toHaveLength(1)
  })

  it('shows the 100-origin fix as one problem with the whole list to copy', () => {
    const problems = present(reports.origins as Report).problems
    const parties = problems.filter(p => p.ids.includes('auth.authorized-parties'))
    expect(parties).toHaveLength(1)
    expect(parties[0]?.subjects).toHaveLength(100)
    // The trailing slash, and 99 origins missing, said once.
    expect(parties[0]?.messages.map(m => m.likewise.length)).toEqual([0, 98])
    expect(parties[0]?.block?.text.match(/"https:\/\/app\d+\./g)).toHaveLength(100)
  })
})
