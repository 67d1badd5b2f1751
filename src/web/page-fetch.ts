export type PageFetch =
  | {
      ok: true
      /** Where the redirects ended: the page whose policy applies, and the origin 'self' means. */
      finalUrl: string
      status: number
      policy?: string
      from: 'header' | 'meta' | 'none'
      reportOnly?: string
    }
  | { ok: false; detail: string }

/** Enough of a page's head to find a meta policy; the rest of the body is never read. */
const HEAD_BYTES = 256 * 1024

/** Fetches a page for its Content-Security-Policy: bounded in time, redirects followed, no body kept. */
export async function fetchPagePolicy(url: string, timeoutMs: number): Promise<PageFetch> {
  try {
    const response = await fetch(url, {
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'user-agent': 'clerk-preflight (+CSP check)', accept: 'text/html' },
    })
    const header = response.headers.get('content-security-policy') ?? undefined
    const reportOnly = response.headers.get('content-security-policy-report-only') ?? undefined
    const base = { ok: true as const, finalUrl: response.url || url, status: response.status, reportOnly }
    if (header) {
      await response.body?.cancel()
      return { ...base, policy: header, from: 'header' }
    }
    // The policy parser (csp_evaluator) is loaded only by runs that fetch a page.
    const { metaPolicy } = await import('./csp-policy.js')
    const meta = metaPolicy(await readHead(response))
    return meta ? { ...base, policy: meta, from: 'meta' } : { ...base, from: 'none' }
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    const name = (error as Error).name
    const what =
      name === 'TimeoutError' || name === 'AbortError'
        ? `did not answer within ${timeoutMs} ms`
        : `could not be fetched (${cause?.code ?? cause?.message ?? (error as Error).message})`
    return { ok: false, detail: `${url} ${what}` }
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
