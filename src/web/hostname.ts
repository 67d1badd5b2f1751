import { domainToASCII } from 'node:url'

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

/**
 * The canonical form of a DNS hostname (lower case, punycode, no trailing dot), or undefined when the text is not one.
 * Single-label names and IP addresses are refused: every name this action works with is a public domain.
 */
export function normalizeHostname(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, '')
  // An IPv4 address fails the numeric-TLD rule below, an IPv6 address the ":" here.
  if (trimmed === '' || /[\s/:@?#]/.test(trimmed)) return undefined
  // domainToASCII returns '' for what cannot be a domain, and converts IDNs (bücher.example -> xn--bcher-kva.example).
  const ascii = domainToASCII(trimmed)
  if (ascii === '' || ascii.length > 253) return undefined
  const labels = ascii.split('.')
  if (labels.length < 2 || !labels.every(l => LABEL.test(l))) return undefined
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return undefined
  return ascii
}

/** True when `host` is `domain` itself or any name below it. Both must be canonical. */
export function isSameOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`)
}

/**
 * Quotes a value from the outside world for a message, cut so that a pasted blob cannot flood the report; a value
 * that was cut says how long it was.
 */
export function quote(value: string, max = 80): string {
  return value.length > max
    ? `${JSON.stringify(`${value.slice(0, max)}…`)} (${value.length} characters)`
    : JSON.stringify(value)
}

/** Hosts of a developer's own machine, where http and any port are normal. */
export function isLocalHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  return bare === 'localhost' || bare.endsWith('.localhost') || bare === '::1' || /^127\./.test(bare)
}

/** 4 or 6 for an IP address, else 0; the URL parser knows both forms (node:net would cost more to load). */
export function ipVersion(text: string): 0 | 4 | 6 {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text.split('.').every(o => Number(o) <= 255) ? 4 : 0
  if (!text.includes(':') || /[^0-9a-fA-F:.]/.test(text)) return 0
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2 ? 6 : 0
  } catch {
    return 0
  }
}

/**
 * A URL as it may be quoted in a report, a summary or a public comment: no userinfo, query or fragment, which is where
 * credentials ride (`https://user:pass@…`, `?x-vercel-protection-bypass=…`). Not a URL: said so, not repeated.
 */
export function displayUrl(url: string): string {
  if (!URL.canParse(url)) return '(not a URL)'
  const parsed = new URL(url)
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
}

/** The parts of a URL that are credentials, to be masked wherever the URL came in whole. */
export function urlCredentials(url: string | undefined): string[] {
  if (!url || !URL.canParse(url)) return []
  const parsed = new URL(url)
  const found = [parsed.password, parsed.username].map(decodeURIComponent)
  for (const [name, value] of parsed.searchParams) if (/bypass|token|secret|key|auth|sig/i.test(name)) found.push(value)
  // A value shorter than this is not masked: registered with the runner, it would blot that text out everywhere (and
  // drop every output holding it). The URL is never quoted with its userinfo or query anyway (displayUrl).
  return found.filter(value => value.length >= 8)
}
