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
      /** Where the redirects ended: the page whose policy applies, and the origin 'self' means. */
      finalUrl: string
      status: number
      /** Every policy the browser enforces on the page: the header's and each meta element's. */
      policies: DeliveredPolicy[]
      reportOnly?: string
      /** The head went on past what is read, with no policy in it so far: a policy after it could not be seen. */
      headCutShort?: boolean
      /** A login (Deployment Protection) answered instead of the app: its policy is not the app's. */
      protection?: Protection
    }
  | { ok: false; detail: string }

/** Enough of a page's head to find a meta policy; the rest of the body is never read. */
export const HEAD_BYTES = 256 * 1024

/** Fetches a page for its Content-Security-Policy: bounded in time, redirects followed, only the head read. */
export async function fetchPagePolicy(
  http: HttpClient,
  url: string,
  timeoutMs: number,
  originHeaders?: Record<string, string>,
): Promise<PageFetch> {
  const answer = await http.request(url, {
    headers: { accept: 'text/html', 'user-agent': 'clerk-preflight (+CSP check)' },
    originHeaders,
    maxBytes: HEAD_BYTES,
    enough: text => /<\/head>/i.test(text),
    followRedirects: true,
    timeoutMs,
  })
  if (!answer.ok) return { ok: false, detail: answer.detail }
  const protection = protectionOf({ requested: url, ...answer })
  if (protection) return { ok: true, finalUrl: displayUrl(answer.url), status: answer.status, policies: [], protection }
  const header = answer.headers['content-security-policy']
  const reportOnly = answer.headers['content-security-policy-report-only']
  const base = { ok: true as const, finalUrl: displayUrl(answer.url), status: answer.status, reportOnly }
  // The policy parser (csp_evaluator) and the entity decoder are loaded only by runs that fetch a page.
  const { metaPolicies } = await import('./csp-policy.js')
  const head = /html/i.test(answer.headers['content-type'] ?? 'text/html') ? answer.body : ''
  const policies: DeliveredPolicy[] = [
    ...(header ? [{ from: 'header' as const, text: header }] : []),
    ...metaPolicies(head).map(text => ({ from: 'meta' as const, text })),
  ]
  const headCutShort = policies.length === 0 && answer.truncated && !/<\/head>/i.test(head)
  return headCutShort ? { ...base, policies, headCutShort } : { ...base, policies }
}
