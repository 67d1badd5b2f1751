/**
 * Bounds on what a finding carries, whatever a check put in it: outside data (a Frontend API's answer, a page, a
 * resolver's records) can be any size and any depth, and everything after the checks (redaction, the renderers, the
 * JSON report) walks it. Checks quote outside values short where they use them; this is the net under them.
 */
export const MAX_SUBJECT = 1024
/** A message or fix: room for the longest the action writes itself (a corrected authorizedParties list). */
export const MAX_TEXT = 256 * 1024
export const MAX_EVIDENCE_DEPTH = 6
export const MAX_EVIDENCE_ITEMS = 1000
export const MAX_EVIDENCE_STRING = 4096

/** The text, or its start and how long it was. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`
}

/**
 * Evidence as plain data: strings, numbers, booleans, null, and lists and records of them, bounded in depth, width
 * and length. What an outside answer nests deeper becomes a note; what is not data (a function, a class) its kind.
 */
export function plainEvidence(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (typeof value === 'string') return cut(value, MAX_EVIDENCE_STRING)
  if (typeof value !== 'object') return `(${typeof value})`
  const list = Array.isArray(value)
  if (depth >= MAX_EVIDENCE_DEPTH) return `(${list ? 'a list' : 'a record'} nested deeper than ${MAX_EVIDENCE_DEPTH})`
  if (list) {
    const items = value.slice(0, MAX_EVIDENCE_ITEMS).map(item => plainEvidence(item, depth + 1))
    return value.length > MAX_EVIDENCE_ITEMS ? [...items, `(${value.length - MAX_EVIDENCE_ITEMS} more)`] : items
  }
  const out: Record<string, unknown> = {}
  let count = 0
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    if (++count > MAX_EVIDENCE_ITEMS) {
      out['(more)'] = 'more entries than are kept'
      break
    }
    out[cut(key, MAX_EVIDENCE_STRING)] = plainEvidence((value as Record<string, unknown>)[key], depth + 1)
  }
  return out
}
