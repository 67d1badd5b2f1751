/**
 * Text for Markdown that GitHub renders (cmark-gfm): the summary, the comment, the check run. Messages from checks mark
 * values to copy with backticks (`clerk.example.com. CNAME frontend-api.clerk.services.`); those become code spans, so
 * what a reader copies is exactly what to paste. Outside data that GitHub would turn into something else (a URL into a
 * link, `@name` into a mention, `#12` into a reference, `*.x*` into emphasis) is put in a code span too, and the rest
 * is escaped: no invisible characters, which would ride along into what is copied.
 */

/**
 * What GitHub would link, mention or reference, as whole tokens: URLs, www hosts, @names and e-mail, #123, GH-123. A
 * www host or a GH- reference is one unless a letter or digit comes before it (not `\b`: GFM links `_www.x`, and `_`
 * is a word character).
 */
const LINKABLE =
  /[a-z][a-z0-9+.-]*:\/\/[^\s`]*[^\s`.,;:!?)\]'"]|(?<![a-z0-9])www\.(?:[^\s`]*[^\s`.,;:!?)\]'"])?|[^\s`]*@[^\s`]*[^\s`.,;:!?)\]'"]|#\d+\b|(?<![a-z0-9])GH-\d+\b|(?:^|(?<=\s))\*\.[^\s`]*[^\s`.,;:!?)\]'"]/gi

/**
 * What each of LINKABLE's alternatives cannot match without (`://`, `www.`, `@`, `#` and a digit, `GH-` and a digit,
 * `*.`): a text without any of them needs no LINKABLE, which is the costliest expression here to compile and run, and
 * a message's plain colon ("URL: set …") is not one of them.
 */
const MAY_LINK = /:\/\/|www\.|@|#\d|gh-\d|\*\./i

/** Words (runs without a blank or backtick) longer than a finding's URLs: they bound the work LINKABLE does. */
const LONG_WORDS = /((?<![^\s`])[^\s`]{65,})/

export interface InlineOptions {
  /** In a table cell: a `|`, even inside a code span, would end the cell unless escaped (GFM). */
  table?: boolean
}

/** A code span holding exactly `value`; a fence longer than any run of backticks inside it. */
export function code(value: string, options: InlineOptions = {}): string {
  const text = oneLine(value)
  // In a table, `\|` inside a code span cannot be told from an escaped pipe: such a value is escaped text instead, its
  // `:` and `.` too, or a URL or www host in it would be linked, the escapes' backslashes shown in the link.
  if (options.table && text.includes('\\|')) return escapeText(text, options).replace(/[:.]/g, '\\$&')
  let longest = 0
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length)
  const fence = '`'.repeat(longest + 1)
  const body = options.table ? text.replace(/\|/g, '\\|') : text
  // GFM strips one space from each end of a span that starts and ends with one, unless it is spaces only: a pad keeps
  // such a value's own spaces, and is not added to one of spaces only, which would show the pad too.
  const spaced = body.length > 1 && body.startsWith(' ') && body.endsWith(' ') && /[^ ]/.test(body)
  const pad = body.startsWith('`') || body.endsWith('`') || spaced ? ' ' : ''
  return `${fence}${pad}${body}${pad}${fence}`
}

/** Prose with `backticked` values and outside data in it, as inline Markdown that renders as written. */
export function inline(text: string, options: InlineOptions = {}): string {
  const segments: Array<{ code: boolean; text: string }> = []
  const add = (code: boolean, part: string) => {
    if (part === '') return
    const last = segments.at(-1)
    // Two code spans side by side would read as one run of backticks: they become one span.
    if (last && last.code && code) last.text += part
    else segments.push({ code, text: part })
  }
  oneLine(text)
    .split(/(`[^`]+`)/)
    .forEach((part, i) => {
      if (i % 2 === 1) return add(true, part.slice(1, -1))
      // LINKABLE, tried at every place of a word, takes time in the square of the word's length: a word longer than
      // LONG_WORD is code whole (nothing in it can link), and LINKABLE only ever sees shorter ones.
      if (part.length <= 64 && !MAY_LINK.test(part)) return add(false, part)
      for (const [j, piece] of part.split(LONG_WORDS).entries()) {
        if (j % 2 === 1) {
          add(true, piece)
          continue
        }
        let at = 0
        for (const match of piece.matchAll(LINKABLE)) {
          add(false, piece.slice(at, match.index))
          add(true, match[0])
          at = (match.index ?? 0) + match[0].length
        }
        add(false, piece.slice(at))
      }
    })
  const out = segments.map(s => (s.code ? code(s.text, options) : escapeText(s.text, options))).join('')
  // At the start of a line (a note in a quote), blanks would indent a code block (four spaces or a tab), and a list
  // marker, heading, quote or rule would make a block of it. Blanks there show nothing: they go.
  return out
    .replace(/^[ \t]+/, '')
    .replace(/^(\s*)([-+=>|]|\d+(?=[.)]))/, (_, space: string, mark: string) =>
      /\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`,
    )
}

/** Text for raw HTML (a `<summary>`), where Markdown is not read: only HTML's own characters matter. */
export function escapeHtml(text: string): string {
  return oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Markdown's active characters, backslash-escaped; HTML as entities, so that nothing becomes a tag. */
function escapeText(text: string, options: InlineOptions): string {
  return text.replace(options.table ? /[&<>\\`*_[\]~!#@|]/g : /[&<>\\`*_[\]~!#@]/g, c => ENTITIES[c] ?? `\\${c}`)
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
}

/**
 * A fenced code block holding `text` exactly, line by line: the fence is longer than any run of backticks inside, so
 * no line of outside data can close it, and nothing in it is read as Markdown or HTML.
 */
export function fenced(text: string, language = ''): string {
  const lines = text.split(/\r\n|[\r\n\u2028\u2029]/)
  const fence = '`'.repeat(Math.max(2, ...lines.flatMap(l => [...l.matchAll(/`+/g)].map(m => m[0].length))) + 1)
  return [`${fence}${language}`, ...lines, fence].join('\n')
}
