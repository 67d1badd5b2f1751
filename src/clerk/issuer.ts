import { devFrontendApiKind } from './keys.js'
import { normalizeHostname } from '../web/hostname.js'

/**
 * Whose session tokens an issuer or JWKS setting accepts. Clerk signs an instance's session tokens with the instance's
 * key and names its Frontend API as their issuer (`iss`): `https://<fapi>`, or the proxy URL when the instance is served
 * through one (clerk-docs, guides/sessions/session-tokens.mdx; guides/dashboard/dns-domains/proxy-fapi.mdx). A verifier
 * set up with another Frontend API's issuer, or its JWKS, refuses every token of this instance.
 */
export interface ExpectedIssuer {
  /** The Frontend API host the publishable key names (clerk.example.com, or a development instance's). */
  frontendApi: string
  /** The proxy's URL without a trailing slash (https://example.com/__clerk), when the instance has one. */
  proxyUrl?: string
}

export type IssuerVerdict =
  | { kind: 'this'; shown: string }
  /** Clerk's Backend API JWKS (api.clerk.com/v1/jwks): the keys of whichever instance's secret key asks. */
  | { kind: 'backend'; shown: string }
  | { kind: 'development' | 'other'; shown: string; host: string }
  | { kind: 'invalid' }

const BACKEND_API_HOST = 'api.clerk.com'
/** The well-known documents an issuer's URL may be written with (RFC 8414, OpenID Connect Discovery). */
const WELL_KNOWN = /\/\.well-known\/(?:jwks\.json|openid-configuration)$/

/**
 * The issuer a setting names, as `host` + path, from a URL (`https://clerk.example.com`, a JWKS URL) or a bare host
 * (Supabase writes `clerk.example.com`); undefined when it is neither.
 */
export function issuerOf(value: string): { host: string; path: string } | undefined {
  const trimmed = value.trim().replace(/\/+$/, '')
  if (trimmed === '' || trimmed.length > 2048) return undefined
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  const host = normalizeHostname(url.hostname)
  if (!host) return undefined
  const path = url.pathname.replace(WELL_KNOWN, '').replace(/\/+$/, '')
  return { host: url.port ? `${host}:${url.port}` : host, path }
}

/** Whether the issuer a setting names is this instance's, another instance's, or not an issuer at all. */
export function judgeIssuer(value: string, expected: ExpectedIssuer): IssuerVerdict {
  const issuer = issuerOf(value)
  if (!issuer) return { kind: 'invalid' }
  const shown = `${issuer.host}${issuer.path}`
  if (issuer.host === expected.frontendApi && issuer.path === '') return { kind: 'this', shown }
  if (expected.proxyUrl) {
    const proxy = issuerOf(expected.proxyUrl)
    if (proxy && proxy.host === issuer.host && proxy.path === issuer.path) return { kind: 'this', shown }
  }
  if (issuer.host === BACKEND_API_HOST && issuer.path === '/v1/jwks') return { kind: 'backend', shown }
  return { kind: devFrontendApiKind(issuer.host) ? 'development' : 'other', shown, host: issuer.host }
}

/** Whether a host is Clerk's: a development instance's Frontend API, or a production one's `clerk.` subdomain. */
export function looksLikeClerkIssuer(value: string, expected: ExpectedIssuer): boolean {
  const verdict = judgeIssuer(value, expected)
  if (verdict.kind === 'invalid') return false
  if (verdict.kind !== 'other') return true
  return verdict.host.startsWith('clerk.')
}
