import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

// Markdown rendered as GitHub renders it (GFM: tables, strikethrough, autolinks), so that tests assert what a reader
// sees and copies, not the Markdown source.

export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] })
}

function decode(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&')
}

/** What a reader sees: the text of the rendered HTML. */
export function visibleText(html: string): string {
  return decode(html.replace(/<[^>]+>/g, ''))
}

/** The text of each code span: what a reader copies from it. */
export function codeTexts(html: string): string[] {
  return [...html.matchAll(/<code>([^]*?)<\/code>/g)].map(m => decode(m[1] ?? ''))
}

/** The HTML tags used, by name. */
export function tagsUsed(html: string): Set<string> {
  return new Set([...html.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map(m => (m[1] ?? '').toLowerCase()))
}

/**
 * What a reader should see of text the renderers were given: line breaks as spaces, and `paired backticks` (how checks
 * mark a value to copy) as the code span they open, the backticks themselves not shown.
 */
export function asRead(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/`([^`]+)`/g, '$1')
    .trim()
}

/** The text of each code block (fenced): what a reader copies with its copy button. */
export function codeBlocks(html: string): string[] {
  return [...html.matchAll(/<pre><code(?: class="[^"]*")?>([^]*?)<\/code><\/pre>/g)].map(m => decode(m[1] ?? ''))
}
