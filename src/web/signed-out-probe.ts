import {
  AUTH_REASON_HEADER,
  AUTH_STATUS_HEADER,
  HANDSHAKE_PATH,
  HANDSHAKE_REASON_PARAM,
  reasonsIn,
} from '../clerk/auth-reasons.js'
import type { HttpAnswer, HttpClient, HttpFailure } from './http-client.js'

/**
 * The app asked as a signed-out browser asks it, and every answer on the way kept: what Clerk's middleware said
 * (`x-clerk-auth-status`, `x-clerk-auth-reason`), where it sent the browser, and whether the platform says the
 * middleware crashed. Redirects are followed on the app's own origin only; one to another origin, or to Clerk's
 * handshake (a Frontend API, or the app's own proxy of it), ends the probe there, as does a return to a path already
 * visited (a loop). Only status lines and headers are read.
 */

/** Vercel's answer when the middleware threw: 500 with `x-vercel-error: MIDDLEWARE_INVOCATION_FAILED`. */
export const MIDDLEWARE_CRASH = 'MIDDLEWARE_INVOCATION_FAILED'

/** A `__client_uat` cookie with no session: a browser that was signed in, which Clerk answers with a handshake. */
export const CLIENT_UAT_COOKIE = '__client_uat=1'

export interface Handshake {
  /** The URL the handshake path is under: `https://clerk.example.com`, or a proxy's `https://example.com/__clerk`. */
  base: string
  host: string
  reason?: string
}

export interface Hop {
  url: string
  status: number
  /** Where a redirect points, resolved against the URL that answered. */
  location?: string
  authStatus?: string
  authReasons: string[]
  handshake?: Handshake
  /** Vercel's `x-vercel-error`, when the platform answered for the app. */
  vercelError?: string
  headers: Record<string, string>
  /** Each Set-Cookie line, for a chain that goes on as a browser with its cookies (./handshake-follow.ts). */
  setCookies?: string[]
}

export type SignedOutProbe =
  | {
      ok: true
      requested: string
      /** Every answer in order; the last is where the probe stopped. */
      hops: Hop[]
      /** The chain came back to a path it had left: the paths, in order, ending with the one it returned to. */
      loop?: string[]
    }
  | HttpFailure

export interface ProbeOptions {
  /** `document`: a browser's navigation (`Sec-Fetch-Dest: document`, HTML); `fetch`: a script's request for data. */
  as: 'document' | 'fetch'
  cookie?: string
  /** Headers for the URL's own origin only (the Vercel bypass). */
  originHeaders?: Record<string, string>
}

export const REQUEST_HEADERS = {
  document: { accept: 'text/html,application/xhtml+xml', 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' },
  // Clerk's middleware gives a request that is neither a document nor asks for HTML no handshake
  // (isRequestEligibleForHandshake), and auth.protect() answers it 404 instead of a redirect (protect.ts).
  fetch: { accept: '*/*', 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors' },
} as const

export function handshakeOf(location: URL): Handshake | undefined {
  if (!location.pathname.endsWith(HANDSHAKE_PATH)) return undefined
  const reason = location.searchParams.get(HANDSHAKE_REASON_PARAM) ?? undefined
  const base = `${location.origin}${location.pathname.slice(0, -HANDSHAKE_PATH.length)}`
  return { base, host: location.host, ...(reason ? { reason } : {}) }
}

export function hopOf(answer: HttpAnswer): Hop {
  const { headers } = answer
  const redirect = answer.status >= 300 && answer.status < 400 && headers.location
  const location =
    redirect && URL.canParse(headers.location as string, answer.url)
      ? new URL(headers.location as string, answer.url)
      : undefined
  const handshake = location && handshakeOf(location)
  return {
    url: answer.url,
    status: answer.status,
    ...(location ? { location: location.toString() } : {}),
    ...(headers[AUTH_STATUS_HEADER] ? { authStatus: headers[AUTH_STATUS_HEADER] } : {}),
    authReasons: reasonsIn(headers[AUTH_REASON_HEADER]),
    ...(handshake ? { handshake } : {}),
    ...(headers['x-vercel-error'] ? { vercelError: headers['x-vercel-error'] } : {}),
    headers,
    ...(answer.setCookies ? { setCookies: answer.setCookies } : {}),
  }
}

export const pathKey = (url: URL) => `${url.origin}${url.pathname}`

/** One exchange (its redirects within one deadline): never throws. */
export async function probeSignedOut(http: HttpClient, url: string, options: ProbeOptions): Promise<SignedOutProbe> {
  const start = new URL(url)
  const visited = [pathKey(start)]
  const hops: Hop[] = []
  let loop: string[] | undefined
  let stoppedAt: HttpAnswer | undefined
  const answer = await http.request(url, {
    headers: { ...REQUEST_HEADERS[options.as], ...(options.cookie ? { cookie: options.cookie } : {}) },
    originHeaders: options.originHeaders,
    maxBytes: 0,
    followRedirects: true,
    follow: (redirect, next) => {
      hops.push(hopOf(redirect))
      const key = pathKey(next)
      if (visited.includes(key)) loop = [...visited, key]
      if (loop || handshakeOf(next) || next.origin !== start.origin) {
        stoppedAt = redirect
        return false
      }
      visited.push(key)
      return true
    },
  })
  if (!answer.ok) return answer
  // The answer is the redirect the probe stopped at (already kept), or the one the chain ended with.
  if (answer !== stoppedAt) hops.push(hopOf(answer))
  return { ok: true, requested: url, hops, ...(loop ? { loop } : {}) }
}

/** Whether the platform says the middleware threw on any answer of the probe. */
export function crashed(probe: Extract<SignedOutProbe, { ok: true }>): Hop | undefined {
  return probe.hops.find(hop => hop.status >= 500 && hop.vercelError?.toUpperCase().includes(MIDDLEWARE_CRASH))
}

/** Every reason Clerk's middleware gave along the chain, the handshakes' own included, each once. */
export function reasonsAlong(probe: Extract<SignedOutProbe, { ok: true }>): string[] {
  const all = probe.hops.flatMap(hop => [...hop.authReasons, ...(hop.handshake?.reason ? [hop.handshake.reason] : [])])
  return [...new Set(all)]
}

/** Whether Clerk's middleware answered anywhere along the chain. */
export function clerkAnswered(probe: Extract<SignedOutProbe, { ok: true }>): boolean {
  return probe.hops.some(hop => hop.authStatus !== undefined || hop.authReasons.length > 0 || hop.handshake)
}
