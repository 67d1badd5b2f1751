import { CspParser } from 'csp_evaluator/dist/parser.js'

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

/** CSP3's fallback lists: the first directive present governs. */
const FALLBACKS: Record<string, string[]> = {
  'script-src': ['script-src', 'default-src'],
  'style-src': ['style-src', 'default-src'],
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

export interface Requirement {
  directive: string
  /** What to add to the directive. */
  source: string
  /** URLs the source stands for (a `:*` port is tried on a non-default port too). */
  samples: string[]
}

export interface Missing {
  directive: string
  /** The directive that governs it (itself or a fallback). */
  governedBy: string
  source: string
  why?: string
}

/** What Clerk's CSP guide asks for, for an instance whose Frontend API is at `frontendApi` (an origin). */
export function clerkRequirements(frontendApi: string, self: URL): Requirement[] {
  const protect = ['https://fapi.protect.clerk.com/']
  return [
    {
      directive: 'script-src',
      source: frontendApi,
      samples: [`${frontendApi}/npm/@clerk/clerk-js@5/dist/clerk.browser.js`],
    },
    {
      directive: 'script-src',
      source: 'https://challenges.cloudflare.com',
      samples: ['https://challenges.cloudflare.com/turnstile/v0/api.js'],
    },
    { directive: 'script-src', source: 'https://*.protect.clerk.com', samples: protect },
    { directive: 'connect-src', source: frontendApi, samples: [`${frontendApi}/v1/client`] },
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
}

/** Everything one policy blocks of what Clerk needs. */
export function missingForClerk(policy: Policy, frontendApi: string, self: URL): Missing[] {
  const missing: Missing[] = []
  const script = effectiveDirective(policy, 'script-src')
  const scriptSources = script ? (policy[script] ?? []) : []
  // With 'strict-dynamic' host lists are ignored: Clerk's script loads through the nonce, or not at all.
  const strictDynamic = scriptSources.includes("'strict-dynamic'")
  for (const requirement of clerkRequirements(frontendApi, self)) {
    const governedBy = effectiveDirective(policy, requirement.directive)
    if (!governedBy) continue
    if (governedBy === script && strictDynamic && requirement.directive === 'script-src') continue
    const sources = policy[governedBy] ?? []
    if (!requirement.samples.every(sample => allowsUrl(sources, new URL(sample), self))) {
      missing.push({ directive: requirement.directive, governedBy, source: requirement.source })
    }
  }
  if (script && strictDynamic && !hasNonceOrHash(scriptSources)) {
    missing.push({
      directive: 'script-src',
      governedBy: script,
      source: "'nonce-…'",
      why: "'strict-dynamic' without a nonce blocks every script, Clerk's included",
    })
  }
  const style = effectiveDirective(policy, 'style-src')
  if (style) {
    const sources = policy[style] ?? []
    // A nonce or hash makes browsers ignore 'unsafe-inline'; Clerk then styles itself through the nonce.
    const inlineAllowed = hasNonceOrHash(sources) || sources.includes("'unsafe-inline'")
    if (!inlineAllowed) missing.push({ directive: 'style-src', governedBy: style, source: "'unsafe-inline'" })
  }
  return missing
}

/** The meta element's policy, when a page has no header: `<meta http-equiv="Content-Security-Policy" content="…">`. */
export function metaPolicy(html: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
    const equiv = attr('http-equiv')
    if ((equiv?.[1] ?? equiv?.[2] ?? equiv?.[3])?.toLowerCase() !== 'content-security-policy') continue
    const content = attr('content')
    const value = content?.[1] ?? content?.[2] ?? content?.[3]
    if (value !== undefined)
      return value
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
  }
  return undefined
}
