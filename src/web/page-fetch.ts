import { displayUrl } from './hostname.js'
export type PageFetch =
  | {
      ok: true
      /** Where the redirects ended: the page whose policy applies, and the origin 'self' means. */
      finalUrl: string
      status: number
      policy?: string
      from: 'header' | 'meta' | 'none'
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
    if (header) {
      await response.body?.cancel()
      return { ...base, policy: header, from: 'header' }
    }
    // The policy parser (csp_evaluator) is loaded only by runs that fetch a page.
    const { metaPolicy } = await import('./csp-policy.js')
    const head = await readHead(response)
    const meta = metaPolicy(head)
    if (meta) return { ...base, policy: meta, from: 'meta' }
    return head.length >= HEAD_BYTES && !/<\/head>/i.test(head)
      ? { ...base, from: 'none', headCutShort: true }
      : { ...base, from: 'none' }
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
