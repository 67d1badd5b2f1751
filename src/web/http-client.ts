import type { IncomingMessage } from 'node:http'
import type { PeerCertificate } from 'node:tls'
import { createLimiter, type DnsClient } from '../dns/client.js'
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
}

export interface HttpClientOptions {
  dns: DnsClient
  /** Resolve through the client's servers (the `dns-servers` input was given), else the system's lookup. */
  resolveThroughDns: boolean
  timeoutMs: number
  /** Every secret of the run with its destination: a request that would carry one anywhere else is not sent. */
  secrets?: readonly SecretDestination[]
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
      const answer = await this.once(current, hopRequest, deadline, timeoutMs)
      if (!answer.ok || !request.followRedirects || ![301, 302, 303, 307, 308].includes(answer.status)) return answer
      const location = answer.headers.location
      if (!location) return answer
      const next = URL.canParse(location, current) ? new URL(location, current) : undefined
      if (!next || (next.protocol !== 'https:' && next.protocol !== 'http:')) {
        return {
          ok: false,
          kind: 'redirect',
          detail: `${displayUrl(current)} redirects to ${next ? `a ${next.protocol} URL` : 'something that is not a URL'}, which is not followed`,
        }
      }
      // Plain http to a host the exchange did not start on (a private address, say) is somewhere the URL never
      // named: not followed. https elsewhere, and http on the same host, are what sites do.
      if (next.protocol === 'http:' && next.host !== new URL(current).host) {
        return {
          ok: false,
          kind: 'redirect',
          detail: `${displayUrl(current)} redirects to plain http on another host (${next.host}), which is not followed`,
        }
      }
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

  /** One hop. `fresh`: on a connection of its own (a GET asked again after a kept-alive one was closed under it). */
  private async once(
    url: string,
    request: HttpRequest,
    signal: AbortSignal,
    timeoutMs: number,
    fresh = false,
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
    const misdirected = misdirectedSecret(this.options.secrets ?? [], target, headers, request.body)
    if (misdirected)
      return { ok: false, kind: 'network', code: 'ESECRETDESTINATION', detail: `${shown}: ${misdirected}` }
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
          readLimited(response, request.maxBytes, request.enough).then(
            ({ body, truncated }) =>
              finish({
                ok: true,
                url,
                status: response.statusCode ?? 0,
                headers: flatHeaders(response),
                body,
                truncated,
              }),
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
          resolve(this.once(url, request, signal, timeoutMs, true))
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
