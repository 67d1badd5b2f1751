/**
 * The start tags of the given elements (`<meta …>`), as written, in document order. One pass: the search for a tag's
 * `>` never goes back, and a tag that never closes ends the scan, as no later one could close either. A regular
 * expression like `<meta\b[^>]*>` would scan to the end of the page from every unclosed `<meta`: time in the square
 * of the page's length.
 */
export function startTags(html: string, names: readonly string[]): string[] {
  const start = new RegExp(`<(?:${names.join('|')})\\b`, 'gi')
  const tags: string[] = []
  for (let match = start.exec(html); match; match = start.exec(html)) {
    const end = html.indexOf('>', match.index)
    if (end === -1) break
    tags.push(html.slice(match.index, end + 1))
    start.lastIndex = end + 1
  }
  return tags
}
