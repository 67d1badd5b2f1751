import { decodeHTMLAttribute } from 'entities/decode'
import { parsePublishableKey, type PublishableKey } from '../clerk/keys.js'
import { startTags } from './html-tags.js'

/**
 * Where a deployed app's publishable key shows up: a `data-clerk-publishable-key` attribute, a key a bundler inlined
 * (Vite, webpack, Next.js chunks), a key inside a Next.js RSC payload (`\"pk_live_…\"`). Only what decodes as a Clerk
 * key counts: Stripe's publishable keys start with pk_live_ too, but do not decode to a host followed by "$".
 */
const CANDIDATE = /(?<![A-Za-z0-9_])(?:pk_live|pk_test)_[A-Za-z0-9+/]+={0,2}/g

export function findPublishableKeys(text: string): Array<{ key: string; parsed: PublishableKey }> {
  const found = new Map<string, PublishableKey>()
  for (const [candidate] of text.matchAll(CANDIDATE)) {
    if (found.has(candidate)) continue
    const parsed = parsePublishableKey(candidate)
    if (parsed.ok) found.set(candidate, parsed)
  }
  return [...found].map(([key, parsed]) => ({ key, parsed }))
}

/** The page's own scripts (`<script src>`, `<link rel=modulepreload>`), in document order, same origin only. */
export function sameOriginScripts(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin
  const urls = new Set<string>()
  for (const tag of startTags(html, ['script', 'link'])) {
    const isLink = /^<link/i.test(tag)
    if (isLink && !/\brel\s*=\s*["']?modulepreload\b/i.test(tag)) continue
    const attribute = /\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag)
    const raw = attribute && (attribute[1] ?? attribute[2] ?? attribute[3])
    if (!raw) continue
    const value = decodeHTMLAttribute(raw)
    if (!URL.canParse(value, pageUrl)) continue
    const url = new URL(value, pageUrl)
    url.hash = ''
    if (url.origin === origin) urls.add(url.toString())
  }
  return [...urls]
}

/**
 * What the page's Clerk script tags tell clerk-js besides the key: `data-clerk-proxy-url` and `data-clerk-domain`, as
 * Clerk's loaders write them (clerk/javascript, packages/shared/src/loadClerkJsScript.ts: buildClerkJsScriptAttributes),
 * each value decoded, in document order, each once. `keyed`: some script tag carries `data-clerk-publishable-key`
 * (Clerk's script is in the HTML, so an attribute it lacks is not set).
 */
export function shippedClerkOptions(html: string): { proxyUrls: string[]; domains: string[]; keyed: boolean } {
  const proxyUrls = new Set<string>()
  const domains = new Set<string>()
  let keyed = false
  for (const tag of startTags(html, ['script'])) {
    if (!/\bdata-clerk-/i.test(tag)) continue
    const proxy = attribute(tag, 'data-clerk-proxy-url')
    const domain = attribute(tag, 'data-clerk-domain')
    if (proxy !== undefined) proxyUrls.add(proxy)
    if (domain !== undefined) domains.add(domain)
    if (attribute(tag, 'data-clerk-publishable-key') !== undefined) keyed = true
  }
  return { proxyUrls: [...proxyUrls], domains: [...domains], keyed }
}

/** One attribute's decoded value in a start tag, quoted or not; undefined when the tag lacks it. */
function attribute(tag: string, name: string): string | undefined {
  const found = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
  if (!found) return undefined
  return decodeHTMLAttribute(found[1] ?? found[2] ?? found[3] ?? '').trim()
}
