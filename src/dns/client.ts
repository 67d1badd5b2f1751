import type { CaaRecord as NodeCaaRecord, promises as dnsPromises } from 'node:dns'

export type QueryType = 'A' | 'AAAA' | 'CNAME' | 'CAA' | 'TXT'

export interface CaaRecord {
  flags: number
  tag: string
  value: string
}

export interface AddressRecord {
  address: string
  ttl: number
}

/** A TXT record is its character-strings joined, as DMARC and SPF read it. */
export type RecordOf<T extends QueryType> = T extends 'CAA'
  ? CaaRecord
  : T extends 'CNAME' | 'TXT'
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

/**
 * The most questions outstanding at one server at once, counting each CAA question's TCP asking as one more. A bound
 * per server, not per run: a slow or silent server holds only its own slots, and any number of names (a run with
 * thousands of satellites) queues here instead of flooding a resolver. 128 stays under dnsmasq's default of 150
 * concurrent forwarded queries (`dns-forward-max`), past which it drops them; it is more than a run with 25 satellites
 * asks one server at once, so such a run takes about the time of its longest chain of dependent questions.
 */
export const MAX_IN_FLIGHT_PER_SERVER = 128
const ATTEMPTS = 2

/** A counting semaphore handing slots out in order: `acquire()` resolves with the function that gives the slot back. */
export function createSlots(max: number): () => Promise<() => void> {
  let active = 0
  const waiting: Array<() => void> = []
  const release = () => {
    // Hand the slot straight to the next waiter, so that a newcomer cannot slip in between.
    const next = waiting.shift()
    if (next) next()
    else active--
  }
  return async () => {
    if (active >= max) await new Promise<void>(resolve => waiting.push(resolve))
    else active++
    let released = false
    return () => {
      if (released) return
      released = true
      release()
    }
  }
}

/** A bounded pool: at most `max` functions run at once; the rest wait their turn in order. */
export function createLimiter(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  const acquire = createSlots(max)
  return async fn => {
    const release = await acquire()
    try {
      return await fn()
    } finally {
      release()
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

/** One server's c-ares channel, its slots and its TCP connection for CAA, made on its first question and reused. */
interface ServerChannel {
  resolver: dnsPromises.Resolver
  acquire: () => Promise<() => void>
  tcp: TcpQuestions
}

export class DnsClient {
  /** The servers every question can go to; the first one is the one checks rely on. */
  readonly servers: string[]
  private readonly answers = new Map<string, Promise<DnsAnswer<QueryType>>>()
  private readonly channels = new Map<string, Promise<ServerChannel>>()

  constructor(
    servers: readonly string[],
    readonly timeoutMs: number,
    readonly maxInFlightPerServer = MAX_IN_FLIGHT_PER_SERVER,
  ) {
    this.servers = servers.length > 0 ? [...servers] : [SYSTEM_RESOLVER]
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
      answer = this.ask(server, name, type)
      this.answers.set(key, answer)
    }
    return answer as Promise<DnsAnswer<T>>
  }

  /** The questions asked so far (for tests and benchmarks). */
  get asked(): number {
    return this.answers.size
  }

  private channel(server: string): Promise<ServerChannel> {
    let channel = this.channels.get(server)
    if (!channel) {
      channel = import('node:dns').then(({ promises: dns }) => {
        // c-ares' own timeout and tries are not a bound on the total time (a truncated answer retries over TCP, for
        // one); the deadline below is. tries: 1, so that a question is outstanding once at a time.
        const resolver = new dns.Resolver({ timeout: this.timeoutMs, tries: 1 })
        if (server !== SYSTEM_RESOLVER) resolver.setServers([server])
        return { resolver, acquire: createSlots(this.maxInFlightPerServer), tcp: new TcpQuestions(resolver) }
      })
      this.channels.set(server, channel)
    }
    return channel
  }

  private async ask<T extends QueryType>(server: string, name: string, type: T): Promise<DnsAnswer<T>> {
    const channel = await this.channel(server)
    let last: DnsAnswer<T> | undefined
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      last = await this.attempt(channel, server, name, type)
      if (last.ok) return last
    }
    return last as DnsAnswer<T>
  }

  /**
   * One try within one deadline, which starts once the question has its slot (a queue of thousands is not a timeout).
   * A slot is held until c-ares settles the question, also past the deadline: given up on here, it is still
   * outstanding at the server. c-ares gives up after about 5 s whatever timeout it is given, so until the deadline it
   * is asked again.
   */
  private async attempt<T extends QueryType>(
    channel: ServerChannel,
    server: string,
    name: string,
    type: T,
  ): Promise<DnsAnswer<T>> {
    let release = await channel.acquire()
    const started = Date.now()
    // The CAA question's TCP asking runs alongside in a slot of its own; its answer is read only if c-ares finds none.
    let over = false
    const truncated =
      type === 'CAA'
        ? channel.acquire().then(free => {
            const left = this.timeoutMs - (Date.now() - started)
            // Not yet sent when the attempt is over: not needed any more.
            const asked = over || left <= 0 ? Promise.resolve(false) : channel.tcp.truncated(server, name, left)
            return asked.finally(free)
          })
        : undefined
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('deadline'), { code: 'ETIMEOUT' })), this.timeoutMs)
    })
    deadline.catch(() => undefined)
    try {
      for (;;) {
        const asked = lookup(channel.resolver, name, type)
        asked.then(release, release)
        try {
          const records = await Promise.race([asked, deadline])
          return { ok: true, records: records as RecordOf<T>[] }
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code
          // c-ares' own early timeout, with time left before the deadline: ask again, in a slot again.
          if (
            code === 'ETIMEOUT' &&
            (error as Error).message !== 'deadline' &&
            Date.now() - started < this.timeoutMs - 50
          ) {
            const slot = channel.acquire()
            release = await Promise.race([slot, deadline]).catch(async (late: unknown) => {
              ;(await slot)()
              throw late
            })
            continue
          }
          throw error
        }
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN'
      if (code === 'ENODATA' && truncated && (await Promise.race([truncated, deadline.catch(() => false)])))
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
      over = true
      clearTimeout(timer)
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

const TCP_IDLE_MS = 2000

interface TcpQuestion {
  name: string
  frame: Buffer
  settle: (truncated: boolean) => void
  /** Sent again once already, after a connection closed without answering it. */
  resent: boolean
}

/**
 * Whether a server answers a CAA question over TCP with the TC bit set. c-ares reads such an answer as empty, "no CAA
 * records", which lets every CA issue; a CA would have read nothing and refused. Every CAA question of a server goes
 * down one TCP connection, pipelined (RFC 7766 §6.2.1) and matched by id and name, so a run opens one connection per
 * server, not one per question. A connection that closes with questions unanswered (dnsmasq closes after 100) has them
 * sent again on a new one, as long as it answered something or they were not sent again before; a server that does not
 * speak TCP gives `false` (nothing more is known).
 */
class TcpQuestions {
  private socket: import('node:net').Socket | undefined
  private readonly pending = new Map<number, TcpQuestion>()
  private nextId = Math.floor(Math.random() * 65536)

  constructor(private readonly resolver: dnsPromises.Resolver) {}

  async truncated(server: string, name: string, timeoutMs: number): Promise<boolean> {
    const packet = await import('dns-packet')
    let id = this.nextId
    while (this.pending.has(id)) id = (id + 1) & 0xffff
    this.nextId = (id + 1) & 0xffff
    const frame = packet.streamEncode({
      type: 'query',
      id,
      flags: packet.RECURSION_DESIRED,
      questions: [{ type: 'CAA', name }],
    })
    return new Promise<boolean>(resolve => {
      const timer = setTimeout(() => settle(false), timeoutMs)
      const settle = (truncated: boolean) => {
        clearTimeout(timer)
        this.pending.delete(id)
        if (this.pending.size === 0) this.socket?.unref()
        resolve(truncated)
      }
      this.pending.set(id, { name: name.toLowerCase(), frame, settle, resent: false })
      void this.send(server, frame)
    })
  }

  private async send(server: string, frame: Buffer): Promise<void> {
    const socket = this.socket ?? (await this.connect(server))
    if (!socket) return
    socket.ref()
    socket.write(frame)
  }

  private async connect(server: string): Promise<import('node:net').Socket | undefined> {
    const [{ connect }, packet] = await Promise.all([import('node:net'), import('dns-packet')])
    // Another question may have connected while these modules loaded.
    if (this.socket) return this.socket
    const address = server === SYSTEM_RESOLVER ? this.resolver.getServers()[0] : server
    const hostPort = address && (/^\[(.+)\]:(\d+)$/.exec(address) ?? /^([^:]+):(\d+)$/.exec(address))
    const host = hostPort ? (hostPort[1] as string) : address
    if (!host) {
      for (const question of [...this.pending.values()]) question.settle(false)
      return undefined
    }
    const socket = connect({ host, port: hostPort ? Number(hostPort[2]) : 53 })
    this.socket = socket
    let received = Buffer.alloc(0)
    let answered = 0
    socket.setTimeout(TCP_IDLE_MS, () => {
      if (this.pending.size === 0) socket.destroy()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined
      const again = [...this.pending.values()].filter(q => answered > 0 || !q.resent)
      for (const question of this.pending.values()) if (!again.includes(question)) question.settle(false)
      for (const question of again) {
        question.resent = true
        void this.send(server, question.frame)
      }
    })
    socket.on('data', chunk => {
      received = Buffer.concat([received, chunk])
      while (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        const length = received.readUInt16BE(0)
        const message = received.subarray(2, 2 + length)
        received = received.subarray(2 + length)
        let decoded: ReturnType<typeof packet.decode>
        try {
          decoded = packet.decode(message)
        } catch {
          socket.destroy()
          return
        }
        const question = this.pending.get(decoded.id ?? -1)
        // An answer to another question (or a stale id) is not this one's.
        if (!question || decoded.questions?.[0]?.name.toLowerCase().replace(/\.$/, '') !== question.name) continue
        answered++
        question.settle(((decoded.flags ?? 0) & packet.TRUNCATED_RESPONSE) !== 0)
      }
    })
    return socket
  }
}
