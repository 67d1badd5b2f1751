/**
 * The last line of defence: messages never quote secrets by design, but anything that leaves the process passes
 * through here, and every 12-character run of a secret (or a whole secret shorter than that) is blotted out.
 */
export const SLICE = 12

export type Redactor = (text: string) => string

export function makeRedactor(secrets: readonly string[]): Redactor {
  const needles = new Set<string>()
  for (const secret of secrets) {
    if (secret.length === 0) continue
    if (secret.length <= SLICE) needles.add(secret)
    for (let i = 0; i + SLICE <= secret.length; i++) needles.add(secret.slice(i, i + SLICE))
  }
  if (needles.size === 0) return text => text
  return text => {
    const covered = new Uint8Array(text.length)
    let hit = false
    for (const needle of needles) {
      for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
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

/** Applies a redactor to every string in a JSON-like value. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T
  if (Array.isArray(value)) return value.map(v => redactDeep(v, redact)) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)])) as T
  }
  return value
}
