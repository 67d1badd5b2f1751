import { displayUrl } from './hostname.js'
import { protectionOf, type Protection } from './deployment-protection.js'
import type { HttpClient, HttpRequest, HttpResult } from './http-client.js'
import { handshakeOf, hopOf, type Handshake } from './signed-out-probe.js'
/** One policy text as delivered: a header value (which may hold several, comma-separated) or one meta element's. */
export interface DeliveredPolicy {
  from: 'header' | 'meta'
  text: string
}

export type PageFetch =
  | {
      ok: true
      /** The URL that answered, after redirects, whole (for resolving the page's scripts; shown through displayUrl). */
      url: string
      /** Where the redirects ended, as it may be shown: the page whose policy applies, and the origin 'self' means. */
      finalUrl: string
      status: number
      /** The body, read up to PAGE_BYTES. */
      body: string
      /** The body went on past PAGE_BYTES. */
      truncated: boolean
      /** Every policy the browser enforces on the page: the header's and each meta element's. */
      policies: DeliveredPolicy[]
      reportOnly?: string
      /** The head went on past what is read, with no policy in it so far: a policy after it could not be seen. */
      headCutShort?: boolean
      /** A login (Deployment Protection) answered instead of the app: its policy is not the app's. */
      protection?: Protection
      /** Clerk's middleware sent the document to its handshake: the page is what it serves a script's fetch instead. */
      handshake?: Handshake
    }
  /** `runner`: the page could not be had for a reason on the runner's side (see HttpFailureKind). */
  | { ok: false; detail: string; runner?: boolean; handshake?: Handshake }

/** Enough of a page's head to find a meta policy; later bytes are not searched for one. */
export const HEAD_BYTES = 256 * 1024
/** The most of a page read: its keys and its scripts are looked for in this much. */
export const PAGE_BYTES = 2 * 2 ** 20

/**
 * Fetches the deployed page once for every check that reads it: bounded in time and size, redirects followed, the
 * bypass headers sent to its own origin only. The policy is its Content-Security-Policy header and the meta policies in
 * the first HEAD_BYTES of its head.
 */
export async function fetchPage(
  http: HttpClient,
  url: string,
  timeoutMs: number,
  originHeaders?: Record<string, string>,
): Promise<PageFetch> {
  // The policy parser (csp_evaluator) and the entity decoder are loaded only by runs that fetch a page, and while the
  // page is on its way rather than after.
  const parser = import('./csp-policy.js')
  parser.catch(() => undefined)
  const { answer, handshake } = await fetchAppPage(http, url, timeoutMs, originHeaders)
  if (!answer.ok) {
    return {
      ok: false,
      detail: answer.detail,
      ...(answer.kind === 'runner' && { runner: true }),
      ...(handshake ? { handshake } : {}),
    }
  }
  const { url: whole, status, body, truncated } = answer
  const found = {
    ok: true as const,
    url: whole,
    finalUrl: displayUrl(whole),
    status,
    body,
    truncated,
    ...(handshake ? { handshake } : {}),
  }
  // A login answered instead of the app: nothing in it is the app's, neither its policy nor its keys.
  const protection = protectionOf({ requested: url, ...answer })
  if (protection) return { ...found, policies: [], protection }
  const header = answer.headers['content-security-policy']
  const reportOnly = answer.headers['content-security-policy-report-only']
  const base = { ...found, reportOnly }
  const { metaPolicies } = await parser
  const html = /html/i.test(answer.headers['content-type'] ?? 'text/html')
  // A meta policy counts only as a child of <head> (HTML's Content-Security-Policy pragma): up to its end, within the
  // first HEAD_BYTES.
  const start = html ? Buffer.from(body.slice(0, HEAD_BYTES)).subarray(0, HEAD_BYTES).toString() : ''
  const end = start.search(/<\/head>/i)
  const head = end === -1 ? start : start.slice(0, end)
  const policies: DeliveredPolicy[] = [
    ...(header ? [{ from: 'header' as const, text: header }] : []),
    ...metaPolicies(head).map(text => ({ from: 'meta' as const, text })),
  ]
  const headCutShort = policies.length === 0 && end === -1 && (truncated || Buffer.byteLength(body) > HEAD_BYTES)
  return headCutShort ? { ...base, policies, headCutShort } : { ...base, policies }
}

/**
 * The page as a signed-out browser's document (`Sec-Fetch-Dest: document`), which Clerk's middleware serves without a
 * handshake on a production key. A handshake redirect (to the Frontend API, or the app's own proxy of it) is not the
 * app's page and is not followed: the page is asked again as a script's fetch, which Clerk never hands to the handshake
 * (isRequestEligibleForHandshake in @clerk/backend), within what is left of the same deadline.
 */
async function fetchAppPage(
  http: HttpClient,
  url: string,
  timeoutMs: number,
  originHeaders: Record<string, string> | undefined,
): Promise<{ answer: HttpResult; handshake?: Handshake }> {
  const started = Date.now()
  const request: HttpRequest = {
    headers: { accept: 'text/html,application/xhtml+xml', 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' },
    originHeaders,
    maxBytes: PAGE_BYTES,
    followRedirects: true,
    follow: (_redirect, next) => handshakeOf(next) === undefined,
    timeoutMs,
  }
  const answer = await http.request(url, request)
  const handshake = answer.ok ? hopOf(answer).handshake : undefined
  if (!handshake) return { answer }
  const left = timeoutMs - (Date.now() - started)
  if (left <= 0)
    return {
      answer: { ok: false, kind: 'timeout', detail: `${displayUrl(url)} did not answer within ${timeoutMs} ms` },
      handshake,
    }
  const again = await http.request(url, {
    ...request,
    headers: { accept: '*/*', 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors' },
    timeoutMs: left,
  })
  if (again.ok && hopOf(again).handshake) {
    const reason = handshake.reason ? ` (${handshake.reason})` : ''
    return {
      answer: {
        ok: false,
        kind: 'redirect',
        detail: `${displayUrl(url)} answers with Clerk's handshake on ${handshake.host}${reason} instead of the page, also to a request that is not a document`,
      },
      handshake,
    }
  }
  return { answer: again, handshake }
}
