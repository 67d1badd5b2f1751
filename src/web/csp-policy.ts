import { CspParser } from 'csp_evaluator/dist/parser.js'
import { decodeHTMLAttribute } from 'entities/decode'
import { startTags } from './html-tags.js'

/** One policy: directive name -> source list (lower-cased keywords and directive names, as csp_evaluator gives). */
export type Policy = Record<string, string[]>

/** A header may carry several policies separated by commas; each is enforced on its own. */
export function parsePolicies(header: string): Policy[] {
  return header
    .split(',')
    .map(text => text.trim())
    .filter(text => text !== '')
    .map(text => {
      const directives = new CspParser(text).csp.directives
      return Object.fromEntries(Object.entries(directives).map(([k, v]) => [k, v ?? []]))
    })
}

/** Parses one `<meta>` policy: a meta element holds a single policy, commas and all. */
export function parseMetaPolicy(text: string): Policy {
  const directives = new CspParser(text).csp.directives
  return Object.fromEntries(Object.entries(directives).map(([k, v]) => [k, v ?? []]))
}

/**
 * CSP3's fallback lists: the first directive present governs. Elements (Clerk's `<script>` and `<style>` tags) are
 * governed by the `-elem` directives, style attributes by `style-src-attr`.
 */
const FALLBACKS: Record<string, string[]> = {
  'script-src': ['script-src', 'default-src'],
  'script-src-elem': ['script-src-elem', 'script-src', 'default-src'],
  'style-src': ['style-src', 'default-src'],
  'style-src-elem': ['style-src-elem', 'style-src', 'default-src'],
  'style-src-attr': ['style-src-attr', 'style-src', 'default-src'],
  'img-src': ['img-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
  'frame-src': ['frame-src', 'child-src', 'default-src'],
  'worker-src': ['worker-src', 'child-src', 'script-src', 'default-src'],
}

export function effectiveDirective(policy: Policy, directive: string): string | undefined {
  return (FALLBACKS[directive] ?? [directive, 'default-src']).find(d => policy[d] !== undefined)
}

const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:'])
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' }
const HOST_SOURCE = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|\*\.[^:/]+|[^:/*]+)(?::(\d+|\*))?(\/.*)?$/

/** http: allows https: and ws: allows wss: (CSP3 "scheme-part match"). */
function schemeMatches(expected: string, actual: string): boolean {
  return (
    expected === actual || (expected === 'http:' && actual === 'https:') || (expected === 'ws:' && actual === 'wss:')
  )
}

/** CSP3 §6.7.2.8 "Does url match expression in origin", for the source expressions that name URLs. */
export function sourceMatches(source: string, url: URL, self: URL): boolean {
  const expression = source.toLowerCase()
  if (expression === "'self'") {
    return url.host === self.host && schemeMatches(self.protocol, url.protocol)
  }
  if (expression === '*') return NETWORK_SCHEMES.has(url.protocol)
  if (/^[a-z][a-z0-9+.-]*:$/.test(expression)) return schemeMatches(expression, url.protocol)
  if (expression.startsWith("'")) return false
  const parts = HOST_SOURCE.exec(expression)
  if (!parts) return false
  const [, scheme, host = '', port, path] = parts
  if (scheme ? !schemeMatches(`${scheme}:`, url.protocol) : !schemeMatches(self.protocol, url.protocol)) return false
  const urlHost = url.hostname.toLowerCase()
  if (host === '*') {
    // any host
  } else if (host.startsWith('*.')) {
    if (!urlHost.endsWith(host.slice(1))) return false
  } else if (host !== urlHost) {
    return false
  }
  const urlPort = url.port || DEFAULT_PORTS[url.protocol] || ''
  if (port === undefined) {
    const expected = scheme ? DEFAULT_PORTS[`${scheme}:`] : DEFAULT_PORTS[url.protocol]
    // A source without a port allows the scheme's default, and 443 where http was upgraded to https.
    if (urlPort !== expected && !(expected === '80' && urlPort === '443')) return false
  } else if (port !== '*' && port !== urlPort) {
    return false
  }
  if (path && path !== '/') {
    return path.endsWith('/') ? url.pathname.startsWith(path) : url.pathname === path
  }
  return true
}

export function allowsUrl(sources: readonly string[], url: URL, self: URL): boolean {
  return sources.some(s => sourceMatches(s, url, self))
}

const hasNonceOrHash = (sources: readonly string[]) => sources.some(s => /^'(nonce|sha256|sha384|sha512)-/.test(s))

/** CSP3 §6.7.3.3: a nonce or hash in the list makes browsers ignore `'unsafe-inline'`. */
const allowsAllInline = (sources: readonly string[]) => sources.includes("'unsafe-inline'") && !hasNonceOrHash(sources)

export interface Requirement {
  /** The directive that governs the fetch (`script-src-elem` for a `<script>` element). */
  directive: string
  /** What to add to the directive. */
  source: string
  /** URLs the source stands for (a `:*` port is tried on a non-default port too). */
  samples: string[]
}

export interface Missing {
  /** The directive to add the source to: the one the policy has for it, else its everyday name (`script-src`). */
  directive: string
  /** The directive that governs it (itself or a fallback). */
  governedBy: string
  source: string
  why?: string
  /** What Clerk's guide asks for but that breaks only part of Clerk's UI: a warning, not a failure. */
  severity: 'fail' | 'warn'
}

/** What the instance has on, as its Frontend API says: each adds hosts the page must allow. */
export interface InstanceFeatures {
  billing?: boolean
  googleOneTap?: boolean
}

/**
 * What Clerk's CSP guide asks for, for an instance whose Frontend API is at `frontendApi` (an origin)
 * (clerk-docs, guides/secure/best-practices/csp-headers.mdx). Billing's Stripe hosts are those of the guide's
 * `default` configuration; Google One Tap's are Google Identity Services' own CSP guidance.
 */
export function clerkRequirements(frontendApi: string, self: URL, features: InstanceFeatures = {}): Requirement[] {
  const protect = ['https://fapi.protect.clerk.com/']
  // A proxy on the page's own origin (vercel.app's /__clerk) is 'self' to the browser.
  const fapiSource = frontendApi === self.origin ? "'self'" : frontendApi
  const requirements: Requirement[] = [
    {
      directive: 'script-src-elem',
      source: fapiSource,
      samples: [`${frontendApi}/npm/@clerk/clerk-js@5/dist/clerk.browser.js`],
    },
    {
      directive: 'script-src-elem',
      source: 'https://challenges.cloudflare.com',
      samples: ['https://challenges.cloudflare.com/turnstile/v0/api.js'],
    },
    { directive: 'script-src-elem', source: 'https://*.protect.clerk.com', samples: protect },
    { directive: 'connect-src', source: fapiSource, samples: [`${frontendApi}/v1/client`] },
    {
      directive: 'connect-src',
      source: 'https://*.protect.clerk.com:*',
      samples: [...protect, 'https://fapi.protect.clerk.com:8443/'],
    },
    { directive: 'img-src', source: 'https://img.clerk.com', samples: ['https://img.clerk.com/static/logo.png'] },
    { directive: 'worker-src', source: "'self'", samples: [`${self.origin}/worker.js`] },
    { directive: 'worker-src', source: 'blob:', samples: [`blob:${self.origin}/00000000-0000-0000-0000-000000000000`] },
    {
      directive: 'frame-src',
      source: 'https://challenges.cloudflare.com',
      samples: ['https://challenges.cloudflare.com/cdn-cgi/challenge-platform/'],
    },
    { directive: 'frame-src', source: 'https://*.protect.clerk.com', samples: protect },
  ]
  if (features.billing) {
    requirements.push(
      { directive: 'script-src-elem', source: 'https://js.stripe.com', samples: ['https://js.stripe.com/v3/'] },
      { directive: 'connect-src', source: 'https://api.stripe.com', samples: ['https://api.stripe.com/v1/tokens'] },
      {
        directive: 'frame-src',
        source: 'https://js.stripe.com',
        samples: ['https://js.stripe.com/v3/elements-inner-card.html'],
      },
      { directive: 'frame-src', source: 'https://*.js.stripe.com', samples: ['https://b.js.stripe.com/'] },
      { directive: 'frame-src', source: 'https://hooks.stripe.com', samples: ['https://hooks.stripe.com/redirect/'] },
    )
  }
  if (features.googleOneTap) {
    requirements.push(
      {
        directive: 'script-src-elem',
        source: 'https://accounts.google.com/gsi/client',
        samples: ['https://accounts.google.com/gsi/client'],
      },
      {
        directive: 'connect-src',
        source: 'https://accounts.google.com/gsi/',
        samples: ['https://accounts.google.com/gsi/status'],
      },
      {
        directive: 'frame-src',
        source: 'https://accounts.google.com/gsi/',
        samples: ['https://accounts.google.com/gsi/iframe/select'],
      },
    )
  }
  return requirements
}

/** The name a user knows the directive by when the policy does not have it itself: `script-src`, not `-elem`. */
function directiveToName(requirement: string, governedBy: string): string {
  return governedBy === requirement ? requirement : requirement.replace(/-(elem|attr)$/, '')
}

/** Everything one policy blocks of what Clerk needs. */
export function missingForClerk(
  policy: Policy,
  frontendApi: string,
  self: URL,
  features: InstanceFeatures = {},
): Missing[] {
  const missing: Missing[] = []
  const script = effectiveDirective(policy, 'script-src-elem')
  const scriptSources = script ? (policy[script] ?? []) : []
  // With 'strict-dynamic' host lists are ignored: Clerk's script loads through the nonce, or not at all.
  const strictDynamic = scriptSources.includes("'strict-dynamic'")
  for (const requirement of clerkRequirements(frontendApi, self, features)) {
    const governedBy = effectiveDirective(policy, requirement.directive)
    if (!governedBy) continue
    if (governedBy === script && strictDynamic && requirement.directive === 'script-src-elem') continue
    const sources = policy[governedBy] ?? []
    if (!requirement.samples.every(sample => allowsUrl(sources, new URL(sample), self))) {
      missing.push({
        directive: directiveToName(requirement.directive, governedBy),
        governedBy,
        source: requirement.source,
        severity: 'fail',
      })
    }
  }
  if (script && strictDynamic && !hasNonceOrHash(scriptSources)) {
    missing.push({
      directive: directiveToName('script-src-elem', script),
      governedBy: script,
      source: "'nonce-…'",
      why: "'strict-dynamic' without a nonce blocks every script, Clerk's included",
      severity: 'fail',
    })
  }
  missing.push(...missingForStyles(policy))
  return missing
}

/**
 * Clerk styles itself at run time: `<style>` elements, which a nonce can let through, and style attributes, which
 * only `'unsafe-inline'` can, and only in a list with no nonce or hash (Clerk's guide: style-src needs
 * `'unsafe-inline'`).
 */
function missingForStyles(policy: Policy): Missing[] {
  const element = effectiveDirective(policy, 'style-src-elem')
  const attribute = effectiveDirective(policy, 'style-src-attr')
  const elementSources = element ? (policy[element] ?? []) : []
  if (element && !allowsAllInline(elementSources) && !hasNonceOrHash(elementSources)) {
    return [
      {
        directive: directiveToName('style-src-elem', element),
        governedBy: element,
        source: "'unsafe-inline'",
        severity: 'fail',
      },
    ]
  }
  if (attribute && !allowsAllInline(policy[attribute] ?? [])) {
    const nonce = hasNonceOrHash(policy[attribute] ?? [])
    return [
      {
        // Beside a nonce, 'unsafe-inline' is ignored: attributes then need a directive of their own.
        directive: nonce ? 'style-src-attr' : directiveToName('style-src-attr', attribute),
        governedBy: attribute,
        source: "'unsafe-inline'",
        why: nonce
          ? `\`${attribute}\` lets Clerk's <style> elements in through a nonce or hash, but not the style attributes Clerk's components also set: an attribute cannot carry a nonce, and beside one \`'unsafe-inline'\` is ignored, so parts of Clerk's UI render unstyled`
          : `\`${attribute}\` does not allow the style attributes Clerk's components set, so parts of Clerk's UI render unstyled`,
        severity: 'warn',
      },
    ]
  }
  return []
}

/**
 * Every `<meta http-equiv="Content-Security-Policy">` policy, decoded as HTML decodes attributes (React and Next.js
 * write `'` as `&#x27;`). Browsers enforce each of them, and any header policy too.
 */
export function metaPolicies(html: string): string[] {
  const policies: string[] = []
  for (const tag of startTags(html, ['meta'])) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
    const equiv = attr('http-equiv')
    if (
      decodeHTMLAttribute(equiv?.[1] ?? equiv?.[2] ?? equiv?.[3] ?? '')
        .trim()
        .toLowerCase() !== 'content-security-policy'
    )
      continue
    const content = attr('content')
    const value = content?.[1] ?? content?.[2] ?? content?.[3]
    if (value !== undefined && value.trim() !== '') policies.push(decodeHTMLAttribute(value))
  }
  return policies
}
