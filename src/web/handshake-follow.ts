import { displayUrl } from './hostname.js'
import { CookieJar } from './cookie-jar.js'
import { redirectRefused, type HttpClient, type HttpFailure } from './http-client.js'
import { hopOf, pathKey, REQUEST_HEADERS, type Hop } from './signed-out-probe.js'

/**
 * Clerk's handshake followed as a browser follows it: from the redirect to `/v1/client/handshake` on, each answer's
 * redirect is asked with the cookies a browser would hold by then (./cookie-jar.ts), until an answer that is not a
 * redirect. The handshake settles when the Frontend API sends the browser back and the app accepts what it brought;
 * it loops when the app cannot (its secret key is another instance's than the publishable key whose Frontend API it
 * sends the browser to), and Clerk's middleware counts its handshakes in the `__clerk_redirect_count` cookie and gives
 * up at the third, signing the browser out ("Refreshing the session token resulted in an infinite redirect loop. This
 * usually means that your Clerk instance keys do not match": @clerk/backend, packages/backend/src/tokens/request.ts
 * and handshake.ts, checkAndTrackRedirectLoop).
 *
 * A chain may come back to a URL (its path; the query changes on every round) twice: a development instance's chain
 * does (the page, the Frontend API, the page with `__clerk_handshake`, the page again without it: Clerk's own
 * "Handshake result - dev - nominal" test, clerk/javascript integration/tests/handshake.test.ts). A third return is a
 * loop, and is not asked. Bounded: MAX_HANDSHAKE_REQUESTS requests in all, within one deadline. Nothing but the
 * cookies a browser would send goes anywhere: the headers for the app's own origin (the bypass) go only to it, and the
 * HTTP client refuses any request that would carry a secret elsewhere.
 */

/** Requests after the probe's own: three rounds of a two-step loop, and a development chain's four, fit. */
export const MAX_HANDSHAKE_REQUESTS = 10
/** How often a chain may come back to one path before it is a loop (the development flow's two). */
export const MAX_RETURNS = 2

export type HandshakeFollow =
  | {
      ok: true
      /** The answers after the probe's, in order. */
      hops: Hop[]
      /**
       * `settled`: an answer that is not a redirect ended it; `loop`: the next request would come back to `loopUrl` a
       * third time; `limit`: MAX_HANDSHAKE_REQUESTS answers, all redirects, none a third return.
       */
      end: 'settled' | 'loop' | 'limit'
      /** The path the chain came back to too often (shown as displayUrl shows it). */
      loopUrl?: string
      /** Every URL asked from the probe's first on, and the one it would have come back to, shown. */
      path: string[]
    }
  | (HttpFailure & { hops: Hop[] })

export interface FollowOptions {
  /** The Cookie header the probe's first request sent (`__client_uat=1`). */
  cookie?: string
  /** Headers for one URL's own origin only (the app's bypass), or undefined for any other. */
  originHeaders?: (url: string) => Record<string, string> | undefined
  /** The whole chain's deadline. */
  timeoutMs: number
}

/** Follows on from `probeHops`, whose last answer redirects (to Clerk's handshake). Never throws. */
export async function followHandshake(
  http: HttpClient,
  probeHops: readonly Hop[],
  options: FollowOptions,
): Promise<HandshakeFollow> {
  const first = probeHops[0]
  const last = probeHops[probeHops.length - 1]
  const hops: Hop[] = []
  if (!first || !last?.location) return { ok: true, hops, end: 'settled', path: probeHops.map(h => displayUrl(h.url)) }
  const jar = new CookieJar(first.url, options.cookie)
  const visits = new Map<string, number>()
  const path: string[] = []
  const visit = (url: string) => {
    const key = pathKey(new URL(url))
    visits.set(key, (visits.get(key) ?? 0) + 1)
    path.push(displayUrl(url))
  }
  for (const hop of probeHops) {
    visit(hop.url)
    await jar.store(hop.url, hop.setCookies ?? [])
  }
  const started = Date.now()
  let current = last.url
  let next: string = last.location
  for (;;) {
    const target = new URL(next)
    if ((visits.get(pathKey(target)) ?? 0) > MAX_RETURNS) {
      return { ok: true, hops, end: 'loop', loopUrl: displayUrl(next), path: [...path, displayUrl(next)] }
    }
    if (hops.length >= MAX_HANDSHAKE_REQUESTS) return { ok: true, hops, end: 'limit', path }
    const refused = redirectRefused(current, target)
    if (refused) return { ok: false, kind: 'redirect', detail: refused, hops }
    const left = options.timeoutMs - (Date.now() - started)
    if (left <= 0) {
      return {
        ok: false,
        kind: 'timeout',
        detail: `the handshake from ${displayUrl(first.url)} did not settle within ${options.timeoutMs} ms`,
        hops,
      }
    }
    const cookie = jar.header(next)
    const answer = await http.request(next, {
      headers: { ...REQUEST_HEADERS.document, ...(cookie ? { cookie } : {}) },
      originHeaders: options.originHeaders?.(next),
      maxBytes: 0,
      timeoutMs: left,
    })
    if (!answer.ok) return { ...answer, hops }
    const hop = hopOf(answer)
    hops.push(hop)
    visit(next)
    await jar.store(answer.url, answer.setCookies ?? [])
    if (!hop.location) return { ok: true, hops, end: 'settled', path }
    current = next
    next = hop.location
  }
}
