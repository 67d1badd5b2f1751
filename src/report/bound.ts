import type { Cause, FixParts } from './model.js'

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

/**
 * Fix parts hold outside values too (origins from the inputs, a deployed policy's sources): each string is cut as
 * evidence's are, and parts larger in all than a fix may be are left out, so that the fix's sentence stands alone, as
 * a renderer shows it when there are none. Lists are not cut at evidence's width: a corrected list is whole or absent.
 */
export function boundFixParts(parts: FixParts): FixParts | undefined {
  const bounded = JSON.parse(
    JSON.stringify(parts, (_key, value: unknown) =>
      typeof value === 'string' ? cut(value, MAX_EVIDENCE_STRING) : value,
    ),
  ) as FixParts
  return JSON.stringify(bounded).length <= MAX_TEXT ? bounded : undefined
}

/** At most a few causes a finding, each subject cut as the finding's own is, so that the two still match. */
export function boundCauses(causes: readonly Cause[]): Cause[] {
  return causes
    .slice(0, MAX_CAUSES)
    .map(c => ({ ...c, ...(c.subject !== undefined ? { subject: cut(c.subject, MAX_SUBJECT) } : {}) }))
}

export const MAX_CAUSES = 8
