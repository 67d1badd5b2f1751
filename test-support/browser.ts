import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { renderGfm } from './gfm.js'

// Markdown as a reader sees it on GitHub: rendered as GFM, styled with GitHub's own stylesheet (github-markdown-css)
// in the `.markdown-body` GitHub gives comments and job summaries, in a real Chromium at a given width. The system's
// Chromium (Debian's `chromium` package; CI installs it), driven by playwright-core, which downloads nothing.

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

/** The Chromium to drive: CHROMIUM_PATH, else the system's; undefined when there is none. */
export function findChromium(): string | undefined {
  const named = process.env.CHROMIUM_PATH
  if (named) return existsSync(named) ? named : undefined
  return CANDIDATES.find(path => existsSync(path))
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  // No sandbox: tests may run as root, where Chromium refuses it; the pages are our own, from setContent.
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] })
}

let css: Promise<string> | undefined
function markdownCss(): Promise<string> {
  const require = createRequire(import.meta.url)
  css ??= readFile(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')
  return css
}

/** A page of `width` CSS pixels holding the rendered Markdown in `.markdown-body`, as wide as the page. */
export async function showMarkdown(browser: Browser, markdown: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 })
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>${await markdownCss()}</style><style>
    body { margin: 0; background: #fff; }
    .markdown-body { box-sizing: border-box; width: ${width}px; padding: 16px; font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  </style></head><body><article class="markdown-body">${renderGfm(markdown)}</article></body></html>`
  await page.setContent(html, { waitUntil: 'load' })
  return page
}

export interface Layout {
  /** The pane's content box: what a reader sees without scrolling sideways. */
  pane: { left: number; right: number }
  /** Each table's width and the width it would need. */
  tables: Array<{ width: number; scrollWidth: number; right: number }>
  /** Each "Fix:" label's box and that of the paragraph it is in; `folded` inside a closed <details>. */
  fixes: Array<{ left: number; right: number; paragraphRight: number; folded: boolean }>
  /** Problems: headings with a status (the summary), or paragraphs opening with a bold status title (the comment). */
  problems: number
  /** The rendered height: what a reader scrolls through. */
  height: number
  /** Elements reaching past the pane, outside a code block's own scrolling box. */
  overflowing: string[]
  /** How wide the document is: more than the viewport means a sideways scroll. */
  documentWidth: number
}

// The little of the DOM the measuring function uses, declared for this module only: it runs in the page, and the
// project's own code must not see the DOM's globals (tsconfig's lib has no "dom").
interface DomElement {
  tagName: string
  textContent: string | null
  parentElement: DomElement | null
  clientWidth: number
  scrollWidth: number
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number }
  closest(selector: string): DomElement | null
  querySelectorAll(selector: string): ArrayLike<DomElement>
}
interface DomText {
  textContent: string | null
}
interface DomRange {
  setStart(node: DomText, offset: number): void
  setEnd(node: DomText, offset: number): void
  getBoundingClientRect(): { left: number; right: number }
}
declare const document: {
  querySelector(selector: string): DomElement | null
  documentElement: DomElement
  createRange(): DomRange
}
declare function getComputedStyle(element: DomElement): { paddingLeft: string; paddingRight: string }

/** Measures what a reader sees of the page at its width. */
export function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const body = document.querySelector('.markdown-body') as DomElement
    const box = body.getBoundingClientRect()
    const style = getComputedStyle(body)
    const pane = {
      left: box.left + parseFloat(style.paddingLeft),
      right: box.right - parseFloat(style.paddingRight),
    }
    const tables = Array.from(body.querySelectorAll('table')).map(t => ({
      width: t.clientWidth,
      scrollWidth: t.scrollWidth,
      right: t.getBoundingClientRect().right,
    }))
    const fixes = Array.from(body.querySelectorAll('strong'))
      .filter(s => s.textContent === 'Fix:')
      .map(s => {
        const r = s.getBoundingClientRect()
        return {
          left: r.left,
          right: r.right,
          paragraphRight: (s.parentElement as DomElement).getBoundingClientRect().right,
          folded: s.closest('details:not([open])') !== null,
        }
      })
    // The first heading is the verdict; each one after it with a status is a problem, and so is a paragraph that
    // opens with a status in bold.
    const status = /^(❌|⚠️|⛔)/
    const problems =
      Array.from(body.querySelectorAll('h2, h3, h4'))
        .slice(1)
        .filter(h => status.test(h.textContent ?? '')).length +
      Array.from(body.querySelectorAll('p > strong:first-child')).filter(
        s => status.test(s.textContent ?? '') && (s.parentElement?.textContent ?? '').startsWith(s.textContent ?? ''),
      ).length
    const overflowing = Array.from(body.querySelectorAll('*'))
      .filter(e => !e.closest('pre') || e.tagName === 'PRE')
      .filter(e => e.getBoundingClientRect().right > pane.right + 0.5)
      .map(e => `${e.tagName.toLowerCase()}: ${(e.textContent ?? '').slice(0, 60)}`)
    return {
      pane,
      tables,
      fixes,
      problems,
      overflowing,
      documentWidth: document.documentElement.scrollWidth,
      height: box.bottom - box.top,
    }
  })
}

/** A block to copy, and what it adds (offsets into its text), as the presentation gives it. */
export interface AddedBlock {
  text: string
  added: ReadonlyArray<{ at: number; length: number }>
}

export interface AddedPart {
  text: string
  /** The part's box, and the part of its code block a reader sees without scrolling it sideways. */
  left: number
  right: number
  visibleLeft: number
  visibleRight: number
}

/**
 * Where each added part of each block stands in the page: the block is found by its text (GitHub renders a fenced
 * block as one text node in `pre > code`), the part measured as a range of that text. A block not on the page (a
 * comment too long for it) yields no parts; `missing` counts the blocks not found.
 */
export function addedParts(
  page: Page,
  blocks: readonly AddedBlock[],
): Promise<{ parts: AddedPart[]; missing: number }> {
  return page.evaluate(wanted => {
    const codes = Array.from((document.querySelector('.markdown-body') as DomElement).querySelectorAll('pre > code'))
    const parts: AddedPart[] = []
    let missing = 0
    for (const block of wanted) {
      const code = codes.find(c => (c.textContent ?? '').replace(/\n$/, '') === block.text)
      // The text node holding the block: micromark writes a fenced block's text as one node.
      const node = (code as unknown as { firstChild: DomText | null } | undefined)?.firstChild
      if (!code || !node) {
        missing++
        continue
      }
      const pre = code.parentElement as DomElement
      const box = pre.getBoundingClientRect()
      for (const part of block.added) {
        const range = document.createRange()
        range.setStart(node, part.at)
        range.setEnd(node, part.at + part.length)
        const r = range.getBoundingClientRect()
        parts.push({
          text: block.text.slice(part.at, part.at + part.length),
          left: r.left,
          right: r.right,
          visibleLeft: box.left,
          visibleRight: box.left + pre.clientWidth,
        })
      }
    }
    return { parts, missing }
  }, blocks)
}
