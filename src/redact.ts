/**
 * The last line of defence: messages never quote secrets by design, but everything the action writes passes through
 * here, and every 12-character run of a secret (or a whole secret shorter than that) is blotted out, whatever its
 * case: a secret pasted into an origin comes back lower-cased from the URL parser.
 */
export const SLICE = 12

/**
 * A needle shorter than this would blot out ordinary text (a one-letter "secret" would take every such letter out of
 * the report). Secrets that short are refused as configuration problems instead (settings/input-helper.ts).
 */
export const MIN_NEEDLE = 8

export type Redactor = (text: string) => string

export function makeRedactor(secrets: readonly string[]): Redactor {
  const needles = new Set<string>()
  for (const secret of secrets) {
    const folded = secret.toLowerCase()
    if (folded.length < MIN_NEEDLE) continue
    if (folded.length <= SLICE) needles.add(folded)
    for (let i = 0; i + SLICE <= folded.length; i++) needles.add(folded.slice(i, i + SLICE))
  }
  if (needles.size === 0) return text => text
  const mayHold = runOfNeedleCharacters(needles)
  return text => {
    const folded = text.toLowerCase()
    // toLowerCase keeps the length for all but a few characters (İ); then offsets would not line up: blot all.
    if (folded.length !== text.length) return [...needles].some(n => folded.includes(n)) ? '***' : text
    if (!mayHold.test(folded)) return text
    const covered = new Uint8Array(text.length)
    let hit = false
    for (const needle of needles) {
      for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + 1)) {
        covered.fill(1, at, at + needle.length)
        hit = true
      }
    }
    if (!hit) return text
    let out = ''
    for (let i = 0; i < text.length; i++) {
      if (covered[i]) {
        if (!covered[i - 1]) out += '***'
      } else {
        out += text[i]
      }
    }
    return out
  }
}

/**
 * Whether a text can hold a needle at all: a needle is a run of at least MIN_NEEDLE of its secrets' characters, so a
 * text without such a run holds none. One pass of one regular expression, where looking for each needle (a secret of
 * 48 characters has 37) in every string of a report was about 3% of a development run (Node 24, callgrind); most
 * strings, a report's words and names, fail it.
 */
function runOfNeedleCharacters(needles: ReadonlySet<string>): RegExp {
  const characters = new Set([...needles].join(''))
  const shortest = Math.min(...[...needles].map(n => n.length))
  const escaped = [...characters].map(c => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')
  return new RegExp(`[${escaped}]{${shortest}}`, 'u')
}

/** Deeper than any report: the checks' evidence is cut at a few levels (report/bound.ts). */
export const MAX_REDACT_DEPTH = 64

/**
 * Applies a redactor to every string value in a JSON-like value; keys are the action's own and stay as they are.
 * What lies deeper than MAX_REDACT_DEPTH is replaced, never walked: a value nested thousands deep would overflow the
 * stack, and an unredacted one must not be written.
 */
export function redactDeep<T>(value: T, redact: Redactor, depth = 0): T {
  if (typeof value === 'string') return redact(value) as T
  if (value && typeof value === 'object' && depth >= MAX_REDACT_DEPTH) return '(nested too deep)' as T
  if (Array.isArray(value)) return value.map(v => redactDeep(v, redact, depth + 1)) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact, depth + 1)])) as T
  }
  return value
}
