import type { IncomingMessage } from 'node:http'
import type { PeerCertificate } from 'node:tls'
import { createLimiter, type DnsClient } from '../dns/client.js'
import type { AnswerCache, SharedHop } from './answer-cache.js'
import { displayUrl, ipVersion, isLocalHost } from './hostname.js'

/**
 * The one way this action reaches a web host: the deployed app and its scripts, Clerk's Frontend, Backend and Platform
 * APIs, the Frontend API's and Account Portal's certificates, the webhook endpoint. Names are resolved through
 * `dns-servers` when given (so a test zone can put every host on loopback), certificates are verified with Node's trust
 * store plus NODE_EXTRA_CA_CERTS, each exchange (redirects included) has one deadline, bodies are read up to a bound,
 * and at most MAX_CONCURRENT exchanges (and MAX_CONCURRENT_HANDSHAKES handshakes beside them) run at once.
 */

export const MAX_REDIRECTS = 5
export const MAX_CONCURRENT = 8
export const MAX_CONCURRENT_HANDSHAKES = 4
/** Set-Cookie lines kept from one answer (a browser's store keeps 50 per domain, RFC 6265 §6.1's least). */
export const MAX_SET_COOKIES = 50

export interface HttpRequest {
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  /**
   * Headers for the requested URL's own origin only (a bypass token): sent on every hop that stays on it, never to
   * another host, never on a redirect off it.
   */
  originHeaders?: Record<string, string>
  body?: string
  /** The most body bytes read; past it the connection is dropped and the answer is marked truncated. 0: none. */
  maxBytes: number
  /** Stops reading once the text so far is enough (the end of a page's `<head>`). */
  enough?: (text: string) => boolean
  /** GET only: follow redirects, to https URLs or http on the same host, at most MAX_REDIRECTS. */
  followRedirects?: boolean
  /**
   * Called with each redirect before it is followed: false stops there, and the redirect is the answer (a handshake to
   * Clerk's Frontend API is not the app's page; a chain that came back to a URL it left is a loop).
   */
  follow?: (redirect: HttpAnswer, next: URL) => boolean
  /** This exchange's deadline, when not the client's. */
  timeoutMs?: number
  /** Asked anew, not answered from the run's shared answers (a status read again after a wait). */
  fresh?: boolean
}

export interface HttpAnswer {
  ok: true
  /** The URL that answered, after redirects (whole: callers quote it through displayUrl). */
  url: string
  status: number
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>
  body: string
  truncated: boolean
  /** Each Set-Cookie line as sent (the joined `set-cookie` header cannot be split back: Expires holds a comma). */
  setCookies?: string[]
}

/**
 * `runner`: the name could not be resolved for a reason on the runner's side (its resolver answers nothing, or the
 * system's lookup failed temporarily, EAI_AGAIN): nothing is known of the host, and nothing may be said of it.
 */
export type HttpFailureKind = 'timeout' | 'refused' | 'dns' | 'tls' | 'redirect' | 'network' | 'runner'

export interface HttpFailure {
  ok: false
  kind: HttpFailureKind
  /** Says what happened, naming the URL as it may be shown; never a credential. */
  detail: string
  /** Node's code (ECONNREFUSED, CERT_HAS_EXPIRED, …), when there is one. */
  code?: string
}

export type HttpResult = HttpAnswer | HttpFailure

export interface CertificateFacts {
  subject: string
  issuer: string
  validFrom: string
  validTo: string
  /** Days until validTo, rounded down; negative once expired. */
  daysLeft: number
  altNames: string[]
}

export type TlsResult =
  | {
      ok: true
      certificate: CertificateFacts
      /** Why the certificate is not trusted for the name, or undefined when it is. */
      problem?: { code: string; detail: string }
    }
  | HttpFailure

/**
 * A secret the run holds and the one origin it may be sent to: the destination the workflow (an input, the job's
 * environment) or the event named for it. Undefined: it is never sent as it is.
 */
export interface SecretDestination {
  /** Where the secret came from (an input or a variable's name), for what the refusal says; never the value. */
  source: string
  value: string
  origin?: string
  /**
   * The destination is the deployed app, whose answers are outside text (on a pull request, its author's): what it
   * answers loses every piece of the secret (REFLECTED_PIECE). Clerk's APIs are not asked to be distrusted so.
   */
  reflects?: boolean
}

export interface HttpClientOptions {
  dns: DnsClient
  /** Resolve through the client's servers (the `dns-servers` input was given), else the system's lookup. */
  resolveThroughDns: boolean
  timeoutMs: number
  /** Every secret of the run with its destination: a request that would carry one anywhere else is not sent. */
  secrets?: readonly SecretDestination[]
  /** The run's shared GET answers (./answer-cache.ts): one request per URL and headers, whichever check asks. */
  cache?: AnswerCache
}

export class HttpClient {
  private readonly limit = createLimiter(MAX_CONCURRENT)
  /**
   * One keep-alive agent per scheme for the run: the page's scripts go down the page's connection instead of a new
   * handshake each. Bounded by MAX_CONCURRENT sockets per origin (as many as exchanges run at once); idle ones do not
   * keep the process alive.
   */
  private readonly agents = new Map<string, Promise<import('node:http').Agent>>()
  /**
   * Handshakes wait among themselves: 300 silent satellites' certificates must not keep the page, the Frontend API or
   * the webhook probe from their turn.
   */
  private readonly handshakes = createLimiter(MAX_CONCURRENT_HANDSHAKES)

  constructor(private readonly options: HttpClientOptions) {}

  /** The deadline of an exchange that names none of its own. */
  get timeoutMs(): number {
    return this.options.timeoutMs
  }

  /** One exchange: the request and its redirects, within one deadline. Never throws. */
  request(url: string, request: HttpRequest): Promise<HttpResult> {
    return this.limit(() => this.exchange(url, request))
  }

  /** A TLS handshake with SNI, for the certificate; a certificate that does not verify is described, not refused. */
  handshake(host: string, port = 443): Promise<TlsResult> {
    return this.handshakes(() => this.shake(host, port))
  }

  private async exchange(url: string, request: HttpRequest): Promise<HttpResult> {
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs
    const deadline = AbortSignal.timeout(timeoutMs)
    const origin = URL.canParse(url) ? new URL(url).origin : undefined
    let current = url
    for (let hop = 0; ; hop++) {
      const onOrigin = request.originHeaders && URL.canParse(current) && new URL(current).origin === origin
      const hopRequest = onOrigin ? { ...request, headers: { ...request.headers, ...request.originHeaders } } : request
      const answer = await this.hop(current, hopRequest, deadline, timeoutMs)
      if (!answer.ok || !request.followRedirects || ![301, 302, 303, 307, 308].includes(answer.status)) return answer
      const location = answer.headers.location
      if (!location) return answer
      const next = URL.canParse(location, current) ? new URL(location, current) : undefined
      const refused = redirectRefused(current, next)
      if (refused || !next) return { ok: false, kind: 'redirect', detail: refused ?? '' }
      if (request.follow && !request.follow(answer, next)) return answer
      if (hop >= MAX_REDIRECTS) {
        return {
          ok: false,
          kind: 'redirect',
          detail: `${displayUrl(url)} redirects more than ${MAX_REDIRECTS} times (a loop?)`,
        }
      }
      current = next.toString()
    }
  }

  /**
   * One hop, a GET's from the run's shared answers when there are some: the shared request has a deadline of its own
   * (the exchange's length, from now), and this exchange waits for it only until its own deadline.
   */
  private hop(url: string, request: HttpRequest, signal: AbortSignal, timeoutMs: number): Promise<HttpResult> {
    const cache = this.options.cache
    if (!cache || (request.method ?? 'GET') !== 'GET' || request.fresh || request.enough) {
      return this.once(url, request, signal, timeoutMs)
    }
    const shared = cache.answer(url, request.headers ?? {}, request.maxBytes, bound => {
      let head: (result: HttpResult) => void = () => undefined
      const heard = new Promise<HttpResult>(resolve => (head = resolve))
      const full = this.once(url, { ...request, maxBytes: bound }, AbortSignal.timeout(timeoutMs), timeoutMs, {
        onHead: head,
      })
      // An exchange that failed before any answer came has no head of its own.
      void full.then(result => head(result.ok ? { ...result, body: '', truncated: false } : result))
      return { head: heard, full } satisfies SharedHop<HttpResult>
    })
    if (signal.aborted) return Promise.resolve(timedOut(url, timeoutMs))
    return Promise.race([
      shared,
      new Promise<HttpResult>(resolve =>
        signal.addEventListener('abort', () => resolve(timedOut(url, timeoutMs)), { once: true }),
      ),
    ])
  }

  /**
   * One hop. `fresh`: on a connection of its own (a GET asked again after a kept-alive one was closed under it).
   * `onHead`: told the status and headers as soon as they come, before the body is read.
   */
  private async once(
    url: string,
    request: HttpRequest,
    signal: AbortSignal,
    timeoutMs: number,
    { fresh = false, onHead }: { fresh?: boolean; onHead?: (head: HttpAnswer) => void } = {},
  ): Promise<HttpResult> {
    const shown = displayUrl(url)
    if (!URL.canParse(url)) return { ok: false, kind: 'network', detail: `${shown}: not a URL` }
    const target = new URL(url)
    const secure = target.protocol === 'https:'
    if (!secure && target.protocol !== 'http:') {
      return { ok: false, kind: 'network', detail: `${shown}: only http and https are fetched` }
    }
    const hostname = target.hostname.replace(/^\[|\]$/g, '')
    const address = await this.resolve(hostname, signal)
    if (typeof address === 'object') return { ...address, detail: `${shown}: ${address.detail}` }
    const headers = requestHeaders(target, request)
    const secrets = this.options.secrets ?? []
    const misdirected = misdirectedSecret(secrets, target, headers, request.body)
    if (misdirected)
      return { ok: false, kind: 'network', code: 'ESECRETDESTINATION', detail: `${shown}: ${misdirected}` }
    const scrub = reflectionScrubber(secrets, target, headers)
    const { request: send } = secure ? await import('node:https') : await import('node:http')
    const method = request.method ?? 'GET'
    // A request that is not a GET goes on a connection of its own, never a kept-alive one: a server that closed a
    // reused connection as it arrived may have acted on it, and such a request is never sent twice.
    const agent = method === 'GET' && !fresh ? await this.agent(secure) : false
    return new Promise<HttpResult>(resolve => {
      let settled = false
      let responded = false
      const finish = (result: HttpResult) => {
        if (settled) return
        settled = true
        resolve(result)
      }
      const req = send(
        {
          host: address ?? hostname,
          port: target.port || (secure ? 443 : 80),
          path: `${target.pathname}${target.search}`,
          method,
          headers,
          // SNI and the certificate's name check go by the name, also when the address was resolved here.
          ...(secure && !ipVersion(hostname) ? { servername: hostname } : {}),
          agent,
          signal,
        },
        response => {
          // From here the body's reader reports what goes wrong; cutting a long body short is not an error.
          responded = true
          const head = headOf(url, response, scrub)
          onHead?.(head)
          readLimited(response, request.maxBytes, request.enough).then(
            ({ body, truncated }) => finish({ ...head, body: scrub(body), truncated }),
            error => finish(failure(error as Error, shown, timeoutMs, signal)),
          )
        },
      )
      req.on('error', error => {
        if (responded) return
        // A kept-alive connection the server closed as it was reused: Node's advice is to ask again, on a new one.
        // Only a GET (safe to repeat, RFC 9110 §9.2.2), and once: the repeat goes on a connection of its own.
        const reset = (error as NodeJS.ErrnoException).code === 'ECONNRESET'
        if (agent && req.reusedSocket && reset && !signal.aborted) {
          settled = true
          resolve(this.once(url, request, signal, timeoutMs, { fresh: true, onHead }))
          return
        }
        finish(failure(error, shown, timeoutMs, signal))
      })
      req.end(request.body)
    })
  }

  private agent(secure: boolean): Promise<import('node:http').Agent> {
    const scheme = secure ? 'https' : 'http'
    let agent = this.agents.get(scheme)
    if (!agent) {
      const options = { keepAlive: true, maxSockets: MAX_CONCURRENT, maxFreeSockets: MAX_CONCURRENT }
      agent = secure
        ? import('node:https').then(({ Agent }) => new Agent(options))
        : import('node:http').then(({ Agent }) => new Agent(options))
      this.agents.set(scheme, agent)
    }
    return agent
  }

  private async shake(host: string, port: number): Promise<TlsResult> {
    const timeoutMs = this.options.timeoutMs
    const signal = AbortSignal.timeout(timeoutMs)
    const shown = `${host}:${port}`
    const address = await this.resolve(host, signal)
    if (typeof address === 'object') return { ...address, detail: `${shown}: ${address.detail}` }
    const tls = await import('node:tls')
    return new Promise<TlsResult>(resolve => {
      let settled = false
      const socket = tls.connect({
        host: address ?? host,
        port,
        servername: host,
        // The certificate is read whatever it is, then judged below: an expired or misnamed one is a finding.
        rejectUnauthorized: false,
        signal,
      } as import('node:tls').ConnectionOptions & { signal: AbortSignal })
      const finish = (result: TlsResult) => {
        if (settled) return
        settled = true
        socket.destroy()
        resolve(result)
      }
      socket.once('secureConnect', () => {
        const peer = socket.getPeerCertificate()
        if (!peer || Object.keys(peer).length === 0) {
          finish({ ok: false, kind: 'tls', detail: `${shown} sent no certificate` })
          return
        }
        const certificate = facts(peer)
        const mismatch = tls.checkServerIdentity(host, peer)
        const chain = socket.authorizationError
        const problem = chain
          ? { code: String((chain as NodeJS.ErrnoException).code ?? chain), detail: String(chain.message ?? chain) }
          : mismatch
            ? { code: 'ERR_TLS_CERT_ALTNAME_INVALID', detail: mismatch.message }
            : undefined
        finish(problem ? { ok: true, certificate, problem } : { ok: true, certificate })
      })
      socket.once('error', error => finish(failure(error, shown, timeoutMs, signal)))
    })
  }

  /** An address to connect to, undefined to let the system resolve the name, or why the name has none. */
  private async resolve(hostname: string, signal: AbortSignal): Promise<string | undefined | HttpFailure> {
    // localhost is the machine itself (RFC 6761), whatever a DNS server would say of it.
    if (ipVersion(hostname) || isLocalHost(hostname) || !this.options.resolveThroughDns) return undefined
    const dns = this.options.dns
    for (const type of ['A', 'AAAA'] as const) {
      const answer = await Promise.race([
        dns.query(dns.primary, hostname, type),
        new Promise<undefined>(resolve => signal.addEventListener('abort', () => resolve(undefined), { once: true })),
      ])
      if (!answer && dns.silentSoFar(dns.primary))
        return {
          ok: false,
          kind: 'runner',
          detail: `${hostname} could not be resolved in time: ${dns.describe(dns.primary)} has answered no question yet`,
        }
      if (!answer) return { ok: false, kind: 'timeout', detail: `${hostname} could not be resolved in time` }
      if (!answer.ok && answer.runner)
        return { ok: false, kind: 'runner', detail: `${hostname} could not be resolved: ${answer.runner}` }
      if (!answer.ok) return { ok: false, kind: 'dns', detail: answer.detail }
      const first = answer.records[0]
      if (first) return first.address
    }
    return { ok: false, kind: 'dns', detail: `${hostname} has no address record at ${dns.describe(dns.primary)}` }
  }
}

/**
 * Why a redirect from `current` to `next` is not followed, or undefined when it is: only to https, or to plain http on
 * the same host. Plain http to a host the exchange did not start on (a private address, say) is somewhere the URL never
 * named; https elsewhere, and http on the same host, are what sites do.
 */
export function redirectRefused(current: string, next: URL | undefined): string | undefined {
  if (!next || (next.protocol !== 'https:' && next.protocol !== 'http:'))
    return `${displayUrl(current)} redirects to ${next ? `a ${next.protocol} URL` : 'something that is not a URL'}, which is not followed`
  if (next.protocol === 'http:' && next.host !== new URL(current).host)
    return `${displayUrl(current)} redirects to plain http on another host (${next.host}), which is not followed`
  return undefined
}

function requestHeaders(target: URL, request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'clerk-preflight', host: target.host, ...request.headers }
  // Userinfo travels as the Basic header a browser would send; it is never part of what is shown.
  if (target.username || target.password) {
    const pair = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`
  }
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body))
  return headers
}

/**
 * Why a request may not go to `target`: it would carry a secret (in its URL, a header or its body) to an origin that
 * is not the one the workflow or the event named for that secret. The one place this rule is kept, so that no probe
 * can forget it: the configuration file (a pull request's author's) and every answer (a redirect, a page's script)
 * can name hosts, and none of them is a destination.
 */
export function misdirectedSecret(
  secrets: readonly SecretDestination[],
  target: URL,
  headers: Record<string, string>,
  body: string | undefined,
): string | undefined {
  const carried = [target.href, ...Object.values(headers), body ?? '']
  for (const secret of secrets) {
    if (secret.origin === target.origin || !secret.value) continue
    if (carried.some(text => text.includes(secret.value))) {
      return `not sent, because it would carry the secret from ${secret.source} to ${target.host}, which neither the workflow nor the event named for it`
    }
  }
  return undefined
}

/**
 * The shortest piece of a secret taken out of an answer to a request that carried it. The report's own redactor blots
 * 12-character runs of a secret out of everything written (src/redact.ts); an app that echoed the secret it was sent
 * in 8-character pieces got 6-character slices past it into the summary, the comment and the check run. An answer to
 * a request that carried a secret is outside text that secret went to: every run of 6 or more of its characters (case
 * as sent) is taken out before any check reads it. Shorter runs stay, since they turn up in any page by chance (a
 * 6-character piece of a random 32-character key about once in 40 MiB of text, a 4-character one every few hundred
 * KiB, which could cut a key or a policy a check reads): an app that cuts the secret finer, or encodes it, can still
 * reflect it, and no redaction of a page that is quoted can stop that.
 */
export const REFLECTED_PIECE = 6

/**
 * The app's secrets this hop carries to it, as a scrubber of what comes back; identity when none. Only the deployed
 * app's answers: a Clerk API's answer holds `pk_live_…` keys, which share pieces with every `sk_live_…` key.
 */
function reflectionScrubber(
  secrets: readonly SecretDestination[],
  target: URL,
  headers: Record<string, string>,
): (text: string) => string {
  const sent = [target.href, ...Object.values(headers)]
  const carried = secrets.filter(
    s =>
      s.reflects &&
      s.origin === target.origin &&
      s.value.length >= REFLECTED_PIECE &&
      sent.some(t => t.includes(s.value)),
  )
  if (carried.length === 0) return text => text
  const pieces = new Set<string>()
  for (const { value } of carried) {
    for (let i = 0; i + REFLECTED_PIECE <= value.length; i++) pieces.add(value.slice(i, i + REFLECTED_PIECE))
  }
  return text => {
    // One pass per piece (fewer than the secret's length), each linear in the text.
    let covered: Uint8Array | undefined
    for (const piece of pieces) {
      for (let at = text.indexOf(piece); at !== -1; at = text.indexOf(piece, at + 1)) {
        covered ??= new Uint8Array(text.length)
        covered.fill(1, at, at + piece.length)
      }
    }
    if (!covered) return text
    const parts: string[] = []
    let start = 0
    for (let i = 0; i <= text.length; i++) {
      if (i < text.length && !covered[i]) continue
      if (i > start) parts.push(text.slice(start, i))
      if (i < text.length && (i === 0 || !covered[i - 1])) parts.push('***')
      start = i + 1
    }
    return parts.join('')
  }
}

/** An answer's status and headers (its body not read yet), scrubbed of what the request carried. */
function headOf(url: string, response: IncomingMessage, scrub: (text: string) => string): HttpAnswer {
  const cookies = response.headers['set-cookie']
  return {
    ok: true,
    url,
    status: response.statusCode ?? 0,
    headers: scrubbedHeaders(flatHeaders(response), scrub),
    body: '',
    truncated: false,
    ...(cookies ? { setCookies: cookies.slice(0, MAX_SET_COOKIES).map(scrub) } : {}),
  }
}

function timedOut(url: string, timeoutMs: number): HttpFailure {
  return {
    ok: false,
    kind: 'timeout',
    detail: `${displayUrl(url)} did not answer within ${timeoutMs} ms`,
    code: 'ETIMEDOUT',
  }
}

function scrubbedHeaders(headers: Record<string, string>, scrub: (text: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, scrub(value)]))
}

/** Longer than any marker `enough` looks for. */
const ENOUGH_OVERLAP = 64

async function readLimited(
  response: IncomingMessage,
  maxBytes: number,
  enough?: (text: string) => boolean,
): Promise<{ body: string; truncated: boolean }> {
  // Only the status and headers are wanted (a probe): a body that drips must not hold the answer back.
  if (maxBytes === 0) {
    response.destroy()
    return { body: '', truncated: false }
  }
  const chunks: Buffer[] = []
  let size = 0
  let truncated = false
  const decoder = new TextDecoder()
  let text = ''
  // `enough` looks for a short marker (`</head>`): each read is looked at once, with the end of the one before, so a
  // body dripped a byte at a time costs no more than one sent whole.
  let looked = 0
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      const room = maxBytes - size
      const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk
      chunks.push(part)
      size += part.byteLength
      if (enough) text += decoder.decode(part, { stream: true })
      if (chunk.byteLength > room) {
        truncated = true
        break
      }
      if (enough?.(text.slice(Math.max(0, looked - ENOUGH_OVERLAP)))) break
      looked = text.length
    }
  } finally {
    response.destroy()
  }
  return { body: new TextDecoder().decode(Buffer.concat(chunks, size)), truncated }
}

function flatHeaders(response: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

const TLS_CODES = /^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL|EPROTO)/

function failure(error: Error, shown: string, timeoutMs: number, signal: AbortSignal): HttpFailure {
  const code = (error as NodeJS.ErrnoException).code
  if (signal.aborted || error.name === 'AbortError' || error.name === 'TimeoutError') {
    return { ok: false, kind: 'timeout', detail: `${shown} did not answer within ${timeoutMs} ms`, code: 'ETIMEDOUT' }
  }
  if (code === 'ECONNREFUSED') return { ok: false, kind: 'refused', detail: `${shown} refused the connection`, code }
  // getaddrinfo's EAI_AGAIN is a temporary failure of the runner's resolver, not an answer about the name.
  if (code === 'EAI_AGAIN')
    return {
      ok: false,
      kind: 'runner',
      detail: `${shown}: the runner's resolver failed temporarily (EAI_AGAIN), so the name could not be resolved`,
      code,
    }
  if (code === 'ENOTFOUND')
    return { ok: false, kind: 'dns', detail: `${shown}: the name does not resolve (${code})`, code }
  if (code && TLS_CODES.test(code))
    return { ok: false, kind: 'tls', detail: `${shown}: TLS failed (${code}: ${error.message})`, code }
  if (code === 'ECONNRESET')
    return { ok: false, kind: 'network', detail: `${shown} closed the connection (ECONNRESET)`, code }
  return { ok: false, kind: 'network', detail: `${shown} could not be reached (${code ?? error.message})`, code }
}

function facts(peer: PeerCertificate): CertificateFacts {
  const name = (entity: Record<string, string | string[]> | undefined) =>
    [entity?.CN, entity?.O].flat().filter(Boolean).join(', ') || '(unnamed)'
  const validTo = new Date(peer.valid_to)
  return {
    subject: name(peer.subject as unknown as Record<string, string>),
    issuer: name(peer.issuer as unknown as Record<string, string>),
    validFrom: new Date(peer.valid_from).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - Date.now()) / 86_400_000),
    altNames: (peer.subjectaltname ?? '')
      .split(',')
      .map(s => s.trim().replace(/^DNS:/, ''))
      .filter(Boolean),
  }
}
