/**
 * Text from the outside world (hostnames, DNS values, configuration, messages that quote them) goes into Markdown that
 * GitHub renders: it must not break a table or a code span, inject HTML, mention people, or become a link.
 */
const ZWSP = '\u200b'

export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\r?\n|\r/g, ' ')
      // HTML first, so that what follows cannot be read as a tag or an entity.
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // What can break out of a cell or make a link: code spans, link and image brackets, table pipes. Emphasis is
      // left alone: it can only change how the text looks.
      .replace(/[\\`[\]|]/g, c => `\\${c}`)
      // GitHub links @mentions, #references and bare URLs in rendered text; a zero-width space breaks each.
      .replace(/@/g, `@${ZWSP}`)
      .replace(/#(?=\d)/g, `#${ZWSP}`)
      .replace(/:\/\//g, `:${ZWSP}//`)
      .replace(/\bwww\./gi, m => `${m.slice(0, 3)}${ZWSP}.`)
  )
}

/** Inline code for a value, with the escaping above (a code span cannot hold a pipe inside a table). */
export function code(text: string): string {
  return `<code>${escapeMarkdown(text)}</code>`
}
