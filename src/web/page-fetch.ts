import { displayUrl } from './hostname.js'
import { protectionOf, type Protection } from './deployment-protection.js'
import type { HttpClient } from './http-client.js'
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
    }
  /** `runner`: the page could not be had for a reason on the runner's side (see HttpFailureKind). */
  | { ok: false; detail: string; runner?: boolean }

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
  const answer = await http.request(url, {
    headers: { accept: 'text/html' },
    originHeaders,
    maxBytes: PAGE_BYTES,
    followRedirects: true,
    timeoutMs,
  })
  if (!answer.ok) return { ok: false, detail: answer.detail, ...(answer.kind === 'runner' && { runner: true }) }
  const { url: whole, status, body, truncated } = answer
  const found = { ok: true as const, url: whole, finalUrl: displayUrl(whole), status, body, truncated }
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
