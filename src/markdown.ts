/**
 * Text from the outside world (hostnames, DNS values, configuration) goes into Markdown tables: it must not be able
 * to break the table, inject HTML, or mention people.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/@/g, '&#64;')
    .replace(/\r?\n/g, '<br>')
}
