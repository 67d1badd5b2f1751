import { domainFacts } from './public-suffix.js'

/**
 * A browser's cookie store for one chain of requests (RFC 6265 §5.3 storing, §5.4 sending), small and bounded: what
 * Clerk's handshake needs to settle as it does in a browser (`__clerk_redirect_count`, which the middleware counts its
 * handshakes with; `__clerk_handshake`, which the Frontend API sets on the app's domain; `__client_uat`). Every cookie
 * is outside data: at most MAX_COOKIES of them, each at most MAX_COOKIE_BYTES (RFC 6265 §6.1's least a browser keeps),
 * and one whose Domain is not the answering host's own domain, or is a public suffix, is not kept (§5.3 steps 5–6).
 * SameSite is not told apart: the requests of a handshake chain are top-level GET navigations, which carry `Lax`
 * cookies, and Clerk sets no others.
 */

export const MAX_COOKIES = 50
export const MAX_COOKIE_BYTES = 4096

interface StoredCookie {
  name: string
  value: string
  /** Lower-case; with hostOnly, the only host it goes to. */
  domain: string
  hostOnly: boolean
  path: string
  secure: boolean
  /** Milliseconds since the epoch; undefined for a session cookie. */
  expires?: number
}

export class CookieJar {
  private readonly cookies: StoredCookie[] = []

  /** `initial`: a Cookie header's pairs, as the first request of the chain sent them to `url`'s host. */
  constructor(url?: string, initial?: string) {
    if (!url || !initial || !URL.canParse(url)) return
    const host = new URL(url).hostname.toLowerCase()
    for (const pair of initial.split(';')) {
      const parsed = nameValue(pair)
      if (parsed) this.put({ ...parsed, domain: host, hostOnly: true, path: '/', secure: false })
    }
  }

  /** Keeps what each Set-Cookie line of an answer from `url` asks, as far as a browser would. */
  async store(url: string, lines: readonly string[], now = Date.now()): Promise<void> {
    if (!URL.canParse(url)) return
    const from = new URL(url)
    const host = from.hostname.toLowerCase()
    for (const line of lines) {
      if (Buffer.byteLength(line) > MAX_COOKIE_BYTES) continue
      const [first = '', ...attributes] = line.split(';')
      const parsed = nameValue(first)
      if (!parsed) continue
      let domain: string | undefined
      let path: string | undefined
      let secure = false
      let expires: number | undefined
      let maxAge: number | undefined
      for (const attribute of attributes) {
        const at = attribute.indexOf('=')
        const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase()
        const value = at === -1 ? '' : attribute.slice(at + 1).trim()
        if (key === 'domain' && value) domain = value.replace(/^\./, '').toLowerCase()
        else if (key === 'path' && value.startsWith('/')) path = value
        else if (key === 'secure') secure = true
        else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value)
        else if (key === 'expires' && !Number.isNaN(Date.parse(value))) expires = Date.parse(value)
      }
      // Max-Age wins over Expires (§5.3 step 3).
      if (maxAge !== undefined) expires = maxAge <= 0 ? 0 : now + maxAge * 1000
      if (domain !== undefined) {
        if (!domainMatches(host, domain)) continue
        const facts = await domainFacts(domain)
        if (facts.isPublicSuffix && domain !== host) continue
      }
      const cookie: StoredCookie = {
        ...parsed,
        domain: domain ?? host,
        hostOnly: domain === undefined || domain === host,
        path: path ?? defaultPath(from.pathname),
        secure,
        ...(expires !== undefined ? { expires } : {}),
      }
      if (cookie.expires !== undefined && cookie.expires <= now) this.remove(cookie)
      else this.put(cookie)
    }
  }

  /** The Cookie header a browser sends to `url` (longer paths first, §5.4 step 2), or undefined when none. */
  header(url: string, now = Date.now()): string | undefined {
    if (!URL.canParse(url)) return undefined
    const to = new URL(url)
    const host = to.hostname.toLowerCase()
    const sent = this.cookies
      .filter(
        c =>
          (c.expires === undefined || c.expires > now) &&
          (c.hostOnly ? host === c.domain : domainMatches(host, c.domain)) &&
          pathMatches(to.pathname, c.path) &&
          (!c.secure || to.protocol === 'https:'),
      )
      .sort((a, b) => b.path.length - a.path.length)
    return sent.length > 0 ? sent.map(c => `${c.name}=${c.value}`).join('; ') : undefined
  }

  private put(cookie: StoredCookie): void {
    this.remove(cookie)
    if (this.cookies.length < MAX_COOKIES) this.cookies.push(cookie)
  }

  private remove(cookie: StoredCookie): void {
    const at = this.cookies.findIndex(
      c => c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path,
    )
    if (at !== -1) this.cookies.splice(at, 1)
  }
}

function nameValue(pair: string): { name: string; value: string } | undefined {
  const at = pair.indexOf('=')
  if (at <= 0) return undefined
  const name = pair.slice(0, at).trim()
  // A name is a token (RFC 6265 §4.1.1): nothing that could end the header or start another pair.
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return undefined
  const value = pair.slice(at + 1).trim()
  // A value is cookie-octets (§4.1.1): no space, control character, quote, comma, semicolon or backslash.
  const bare = value.replace(/^"|"$/g, '')
  if ([...bare].some(c => c <= ' ' || c === '\x7f' || c === '"' || c === ',' || c === ';' || c === '\\'))
    return undefined
  return { name, value }
}

/** RFC 6265 §5.1.3. */
function domainMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`)
}

/** RFC 6265 §5.1.4. */
function pathMatches(path: string, cookiePath: string): boolean {
  if (path === cookiePath) return true
  if (!path.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || path[cookiePath.length] === '/'
}

function defaultPath(path: string): string {
  const last = path.lastIndexOf('/')
  return last <= 0 ? '/' : path.slice(0, last)
}
