/**
 * One run's GET answers, shared by every check: one request per URL and request headers (the same URL asked with
 * other headers, a cookie or another `Sec-Fetch-Dest`, is another request, since the app may answer it otherwise).
 * deploy.middleware's probe of the page and the page that csp and deploy.publishable-key read are one request; so are
 * a Frontend API page asked by two checks. Made once per run by the runner's tools (src/runner/tools.ts) and handed to
 * the run's HTTP client, which asks it for every hop of a GET.
 *
 * A hop is read as far as the most any check reads a GET (SHARED_BODY_BYTES), whoever asked first; one that asked
 * for the status and headers only gets them as soon as they come, never waiting on the body. What is worth asking
 * again is not kept once settled: no answer, a 5xx or a 429 (Clerk's APIs are asked twice on those). Bodies kept add up
 * to at most KEPT_BYTES; past it an answer is still shared while in flight, and not kept after.
 */

/** The most any check reads of one GET: a page (PAGE_BYTES), a script, an answer of Clerk's (MAX_ANSWER_BYTES). */
export const SHARED_BODY_BYTES = 2 * 2 ** 20
/** The bodies one run keeps, in all. */
export const KEPT_BYTES = 16 * 2 ** 20

/** What the cache reads of an answer (./http-client.ts's HttpResult, which imports this module). */
export type SharedResult = { ok: false } | { ok: true; status: number; body: string; truncated: boolean }

export interface SharedHop<R extends SharedResult = SharedResult> {
  /** Settles with the status and headers (an empty body) as soon as they come, or with the failure. */
  head: Promise<R>
  /** Settles with the answer read up to its bound. */
  full: Promise<R>
}

interface Entry extends SharedHop {
  bound: number
}

export class AnswerCache {
  private readonly entries = new Map<string, Entry>()
  private kept = 0

  constructor(private readonly keptBytes = KEPT_BYTES) {}

  /**
   * The answer to a GET of `url` with `headers`, read up to `maxBytes` (0: status and headers only): the run's own,
   * or `start`ed now, read up to the larger of `maxBytes` and SHARED_BODY_BYTES.
   */
  answer<R extends SharedResult>(
    url: string,
    headers: Record<string, string>,
    maxBytes: number,
    start: (bound: number) => SharedHop<R>,
  ): Promise<R> {
    const key = keyOf(url, headers)
    let entry = this.entries.get(key)
    if (!entry || entry.bound < maxBytes) {
      const bound = Math.max(maxBytes, SHARED_BODY_BYTES)
      const created: Entry = { ...start(bound), bound }
      entry = created
      this.entries.set(key, created)
      void created.full.then(result => this.settle(key, created, result))
    }
    // Every entry under this key was started by a request of the same client, whose answers are R.
    const shared = entry as unknown as SharedHop<R> & { bound: number }
    if (maxBytes === 0) return shared.head
    return shared.full.then(result => (shared.bound > maxBytes ? cut(result, maxBytes) : result))
  }

  private settle(key: string, entry: Entry, result: SharedResult): void {
    if (this.entries.get(key) !== entry) return
    const again = !result.ok || result.status >= 500 || result.status === 429
    const size = result.ok ? result.body.length : 0
    if (again || this.kept + size > this.keptBytes) {
      this.entries.delete(key)
      return
    }
    this.kept += size
  }
}

/** The URL and the headers as sent, names lower-cased and in order: two requests alike in these are one. */
function keyOf(url: string, headers: Record<string, string>): string {
  const lines = Object.entries(headers)
    .map(([name, value]) => `${name.toLowerCase()}: ${value}`)
    .sort()
  return [url, ...lines].join('\n')
}

/** An answer read further than this request asked, cut to what it asked, as the client would have cut it. */
function cut<R extends SharedResult>(result: R, maxBytes: number): R {
  if (!result.ok) return result
  const bytes = Buffer.from(result.body)
  if (bytes.byteLength <= maxBytes) return result
  return { ...result, body: new TextDecoder().decode(bytes.subarray(0, maxBytes)), truncated: true }
}
