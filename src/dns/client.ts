import type { CaaRecord as NodeCaaRecord, promises as dnsPromises, ResolverOptions } from 'node:dns'

export type QueryType = 'A' | 'AAAA' | 'CNAME' | 'CAA' | 'TXT' | 'SOA'

export interface CaaRecord {
  flags: number
  tag: string
  value: string
}

export interface AddressRecord {
  address: string
  ttl: number
}

/** A TXT record is its character-strings joined, as DMARC and SPF read it; an SOA record its primary name server. */
export type RecordOf<T extends QueryType> = T extends 'CAA'
  ? CaaRecord
  : T extends 'CNAME' | 'TXT' | 'SOA'
    ? string
    : AddressRecord

/**
 * What one server said. `ok` answers may be empty: NXDOMAIN, NODATA, or an answer that held only a CNAME all mean
 * "no records". A failed answer means the server could not tell (SERVFAIL, REFUSED, timeout, …).
 */
export type DnsAnswer<T extends QueryType> =
  { ok: true; records: RecordOf<T>[]; empty?: 'NXDOMAIN' | 'NODATA' } | { ok: false; code: string; detail: string }

/** The runner's own resolvers (no `dns-servers` given). */
export const SYSTEM_RESOLVER = 'system'

export const DEFAULT_CONCURRENCY = 32
const ATTEMPTS = 2

/** A bounded pool: at most `max` functions run at once; the rest wait their turn in order. */
export function createLimiter(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: Array<() => void> = []
  return async fn => {
    if (active >= max) await new Promise<void>(resolve => waiting.push(resolve))
    else active++
    try {
      return await fn()
    } finally {
      // Hand the slot straight to the next waiter, so that a newcomer cannot slip in between.
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}

const DESCRIPTIONS: Record<string, string> = {
  ESERVFAIL: 'answered SERVFAIL',
  EREFUSED: 'refused the query (REFUSED)',
  ECONNREFUSED: 'refused or dropped the connection',
  EBADRESP: 'sent a malformed answer',
  EFORMERR: 'answered FORMERR',
  ENOTIMP: 'does not implement this query (NOTIMP)',
  ETIMEOUT: 'did not answer in time',
  ECANCELLED: 'did not answer in time',
  ECONNRESET: 'closed the connection',
  EBADNAME: 'was not asked: the name is malformed',
}

export class DnsClient {
  /** The servers every question can go to; the first one is the one checks rely on. */
  readonly servers: string[]
  private readonly answers = new Map<string, Promise<DnsAnswer<QueryType>>>()
  private readonly limit: ReturnType<typeof createLimiter>

  constructor(
    servers: readonly string[],
    readonly timeoutMs: number,
    concurrency = DEFAULT_CONCURRENCY,
  ) {
    this.servers = servers.length > 0 ? [...servers] : [SYSTEM_RESOLVER]
    this.limit = createLimiter(concurrency)
  }

  get primary(): string {
    return this.servers[0] as string
  }

  /** How a server is named in messages. */
  describe(server: string): string {
    return server === SYSTEM_RESOLVER ? "the runner's resolver" : server
  }

  /** Asks one server one question, at most once per run: a repeated question gets the first answer. */
  query<T extends QueryType>(server: string, name: string, type: T): Promise<DnsAnswer<T>> {
    const key = `${server}|${type}|${name.toLowerCase()}`
    let answer = this.answers.get(key)
    if (!answer) {
      answer = this.limit(() => this.ask(server, name, type))
      this.answers.set(key, answer)
    }
    return answer as Promise<DnsAnswer<T>>
  }

  /** The questions asked so far (for tests and benchmarks). */
  get asked(): number {
    return this.answers.size
  }

  private async ask<T extends QueryType>(server: string, name: string, type: T): Promise<DnsAnswer<T>> {
    let last: DnsAnswer<T> | undefined
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      last = await this.attempt(server, name, type)
      if (last.ok) return last
    }
    return last as DnsAnswer<T>
  }

  private async attempt<T extends QueryType>(server: string, name: string, type: T): Promise<DnsAnswer<T>> {
    // One Resolver per try: cancel() cancels everything a Resolver has in flight, and c-ares' own timeout and tries
    // are not a bound on the total time (a truncated answer retries over TCP, for one). c-ares caps its timeout at 5 s
    // unless told `maxTimeout` (Node 22.13+); a question asked again after that is a new one, and a server that
    // answers every question in 8 s would never be heard with dns-timeout-ms 20000.
    const { promises: dns } = await import('node:dns')
    const probe = new AbortController()
    // An answer truncated over TCP too reads as NODATA to c-ares. Where the absence is a verdict, TCP is asked for the
    // TC bit: alongside for CAA (no records lets every CA issue), after a NODATA for CNAME (rarer, and "missing").
    const truncated = type === 'CAA' ? truncatedOverTcp(server, name, type, probe.signal) : undefined
    // maxTimeout is newer than @types/node 20's ResolverOptions.
    const options = { timeout: this.timeoutMs, tries: 1, maxTimeout: this.timeoutMs } as ResolverOptions
    const resolver = new dns.Resolver(options)
    if (server !== SYSTEM_RESOLVER) resolver.setServers([server])
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        resolver.cancel()
        reject(Object.assign(new Error('deadline'), { code: 'ETIMEOUT' }))
      }, this.timeoutMs)
    })
    try {
      const records = await Promise.race([lookup(resolver, name, type), deadline])
      return { ok: true, records: records as RecordOf<T>[] }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN'
      const overTcp =
        code !== 'ENODATA'
          ? undefined
          : (truncated ?? (type === 'CNAME' ? truncatedOverTcp(server, name, type, probe.signal) : undefined))
      if (overTcp && (await Promise.race([overTcp, deadline.catch(() => false)])))
        return {
          ok: false,
          code: 'ETRUNCATED',
          detail: `${this.describe(server)} answered truncated over TCP too, so its ${type} ${name} records could not be read`,
        }
      if (code === 'ENODATA') return { ok: true, records: [], empty: 'NODATA' }
      if (code === 'ENOTFOUND') return { ok: true, records: [], empty: 'NXDOMAIN' }
      const what = DESCRIPTIONS[code] ?? `failed (${code})`
      const timing =
        code === 'ETIMEOUT' || code === 'ECANCELLED' ? ` (${this.timeoutMs} ms, tried ${ATTEMPTS} times)` : ''
      return { ok: false, code, detail: `${this.describe(server)} ${what}${timing} for ${type} ${name}` }
    } finally {
      clearTimeout(timer)
      probe.abort()
    }
  }
}

async function lookup(resolver: dnsPromises.Resolver, name: string, type: QueryType): Promise<unknown[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name, { ttl: true })
    case 'AAAA':
      return resolver.resolve6(name, { ttl: true })
    case 'CNAME':
      return (await resolver.resolveCname(name)).map(target => target.toLowerCase().replace(/\.$/, ''))
    case 'CAA':
      return (await resolver.resolveCaa(name)).map(toCaaRecord)
    case 'TXT':
      return (await resolver.resolveTxt(name)).map(strings => strings.join(''))
    case 'SOA':
      // Only an SOA in the answer (a zone's apex); a name inside a zone is NODATA, its zone's SOA in the authority.
      return [(await resolver.resolveSoa(name)).nsname.toLowerCase()]
  }
}

/**
 * node:dns gives `{ critical, <tag>: value }`, the tag as the zone spelled it; Node 24, the runner's, adds
 * `type: 'CAA'`.
 */
function toCaaRecord(record: NodeCaaRecord): CaaRecord {
  const entries = Object.entries(record).filter(([key]) => key !== 'critical')
  const entry = entries.find(([key, value]) => !(key === 'type' && value === 'CAA' && entries.length > 1))
  return { flags: record.critical, tag: entry?.[0] ?? '', value: String(entry?.[1] ?? '') }
}

/**
 * Whether `server` answers `name`'s CAA or CNAME question over TCP with the TC bit set. c-ares reads such an answer as
 * empty: "no CAA records", which lets every CA issue (a CA would have read nothing and refused), or "no CNAME". Asked alongside c-ares, so it
 * adds no wait; a server that does not speak TCP gives `false` (nothing more is known).
 */
async function truncatedOverTcp(
  server: string,
  name: string,
  type: 'CAA' | 'CNAME',
  signal: AbortSignal,
): Promise<boolean> {
  const [{ connect }, { promises: dns }, packet] = await Promise.all([
    import('node:net'),
    import('node:dns'),
    import('dns-packet'),
  ])
  const address = server === SYSTEM_RESOLVER ? new dns.Resolver().getServers()[0] : server
  const hostPort = address && (/^\[(.+)\]:(\d+)$/.exec(address) ?? /^([^:]+):(\d+)$/.exec(address))
  const host = hostPort ? (hostPort[1] as string) : address
  if (!host) return false
  const port = hostPort ? Number(hostPort[2]) : 53
  const query = packet.streamEncode({
    type: 'query',
    id: Math.floor(Math.random() * 65536),
    flags: packet.RECURSION_DESIRED,
    questions: [{ type, name }],
  })
  return new Promise<boolean>(resolve => {
    const socket = connect({ host, port, signal })
    let received = Buffer.alloc(0)
    const done = (truncated: boolean) => {
      socket.destroy()
      resolve(truncated)
    }
    socket.on('error', () => done(false))
    socket.on('close', () => done(false))
    socket.on('connect', () => socket.write(query))
    socket.on('data', chunk => {
      received = Buffer.concat([received, chunk])
      if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return
      try {
        done(((packet.streamDecode(received).flags ?? 0) & packet.TRUNCATED_RESPONSE) !== 0)
      } catch {
        done(false)
      }
    })
  })
}
