import { displayUrl } from './hostname.js'
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
    }
  | { ok: false; detail: string }

/** Enough of a page's head to find a meta policy; the rest of the body is never read. */
export const HEAD_BYTES = 256 * 1024

/** Fetches a page for its Content-Security-Policy: bounded in time, redirects followed, no body kept. */
export async function fetchPagePolicy(url: string, timeoutMs: number): Promise<PageFetch> {
  try {
    // fetch refuses a URL with userinfo; a preview behind basic auth is asked with the header browsers would send.
    const target = URL.canParse(url) ? new URL(url) : undefined
    const auth =
      target && (target.username || target.password)
        ? `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`
        : undefined
    if (target) target.username = target.password = ''
    const response = await fetch(target ?? url, {
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'user-agent': 'clerk-preflight (+CSP check)',
        accept: 'text/html',
        ...(auth ? { authorization: auth } : {}),
      },
    })
    const header = response.headers.get('content-security-policy') ?? undefined
    const reportOnly = response.headers.get('content-security-policy-report-only') ?? undefined
    const base = { ok: true as const, finalUrl: displayUrl(response.url || url), status: response.status, reportOnly }
    // The policy parser (csp_evaluator) and the entity decoder are loaded only by runs that fetch a page.
    const { metaPolicies } = await import('./csp-policy.js')
    const head = await readHead(response)
    const policies: DeliveredPolicy[] = [
      ...(header ? [{ from: 'header' as const, text: header }] : []),
      ...metaPolicies(head).map(text => ({ from: 'meta' as const, text })),
    ]
    const headCutShort = policies.length === 0 && head.length >= HEAD_BYTES && !/<\/head>/i.test(head)
    return headCutShort ? { ...base, policies, headCutShort } : { ...base, policies }
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    const name = (error as Error).name
    const what =
      name === 'TimeoutError' || name === 'AbortError'
        ? `did not answer within ${timeoutMs} ms`
        : `could not be fetched (${cause?.code ?? scrub(cause?.message ?? (error as Error).message, url)})`
    return { ok: false, detail: `${displayUrl(url)} ${what}` }
  }
}

async function readHead(response: Response): Promise<string> {
  if (!response.body || !/html/i.test(response.headers.get('content-type') ?? 'text/html')) {
    await response.body?.cancel()
    return ''
  }
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  try {
    while (text.length < HEAD_BYTES && !/<\/head>/i.test(text)) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  return text
}

/** Error texts may quote the URL whole, credentials and all: each appearance becomes the URL as it may be shown. */
function scrub(message: string, url: string): string {
  return message.split(url).join(displayUrl(url))
}
