import type { CaaRecord as NodeCaaRecord, promises as dnsPromises, ResolverOptions } from 'node:dns'
import { CongestionWindow, type WindowPlace } from './window.js'

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
  | { ok: true; records: RecordOf<T>[]; empty?: 'NXDOMAIN' | 'NODATA' }
  | {
      ok: false
      code: string
      detail: string
      /**
       * Set when the failure is the runner's, not the zone's: the server has answered no question this run, not even
       * the control question (what the runner met there). Said once per server (see DnsClient.runnerTrouble).
       */
      runner?: string
    }

/** The runner's own resolvers (no `dns-servers` given). */
export const SYSTEM_RESOLVER = 'system'

/**
 * Asked of each server alongside its first question: every working recursive resolver answers the root zone's SOA
 * (from its priming), whatever the user's zone does. A server that answers neither it nor any other question of the
 * run is the runner's trouble (a resolver that refuses or drops everything, or cannot be reached), and its failures
 * say nothing about the zone asked about.
 */
export const CONTROL_QUESTION = { name: '.', type: 'SOA' } as const

const ATTEMPTS = 2
/**
 * How long a shared socket waits for an answer before c-ares knows the server's pace: TCP's initial retransmission
 * timeout (RFC 6298 §2.1, one second). Past it, the answer is taken as lost (the window halves) and the question is
 * asked again; a slower answer is still waited for, to the deadline.
 */
const LOSS_TIMEOUT_MS = 1000

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

/**
 * One server's window of questions, the c-ares channels it spreads them over (one UDP socket each, made as the window
 * needs them) and its TCP connection (CAA, CNAME), made on its first question, reused.
 */
interface ServerChannel {
  window: CongestionWindow
  /** The channel of one of the window's sockets. */
  resolver(socket: number): dnsPromises.Resolver
  /** A resolver of its own for one question, with no history of the server's answers (see attempt()). */
  fresh(timeoutMs: number): dnsPromises.Resolver
  tcp: TcpQuestions
}

export class DnsClient {
  /** The servers every question can go to; the first one is the one checks rely on. */
  readonly servers: string[]
  private readonly answers = new Map<string, Promise<DnsAnswer<QueryType>>>()
  private readonly channels = new Map<string, Promise<ServerChannel>>()
  /** The servers that have answered some question this run (an empty answer included). */
  private readonly answering = new Set<string>()
  private readonly windows = new Map<string, CongestionWindow>()

  constructor(
    servers: readonly string[],
    readonly timeoutMs: number,
    /** Where each server's window starts (WINDOW.initial; tests start lower to see it move). */
    private readonly initialWindow?: number,
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

  /** The questions asked so far (for tests and benchmarks), the control question included. */
  get asked(): number {
    return this.answers.size
  }

  /**
   * What the runner met at a server, when the server has answered nothing this run, not even the control question;
   * undefined once it has answered anything. Only asked after a failure: the control question is on its way by then.
   */
  async runnerTrouble(server: string): Promise<string | undefined> {
    if (this.answering.has(server)) return undefined
    const control = await this.query(server, CONTROL_QUESTION.name, CONTROL_QUESTION.type)
    if (control.ok || this.answering.has(server)) return undefined
    return `${this.describe(server)} answers no question, not even the root zone's SOA (${control.code}: ${DESCRIPTIONS[control.code] ?? 'failed'})`
  }

  /** A server's window of questions (for tests and the benchmark); undefined before its first question. */
  windowOf(server: string): Pick<CongestionWindow, 'current' | 'peak' | 'sockets'> | undefined {
    return this.windows.get(server)
  }

  /** Whether a server has not answered anything yet this run (for a web exchange that ran out of time resolving). */
  silentSoFar(server: string): boolean {
    return !this.answering.has(server)
  }

  private channel(server: string): Promise<ServerChannel> {
    let channel = this.channels.get(server)
    if (!channel) {
      channel = import('node:dns').then(({ promises: dns }) => {
        const fresh = (timeoutMs: number, maxTimeoutMs = timeoutMs) => {
          // c-ares' own timeout and tries are not a bound on the total time (a truncated answer retries over TCP, for
          // one); the deadline in attempt() is. tries: 1, so that a question is outstanding once at a time. c-ares
          // caps its timeout at 5 s unless told `maxTimeout` (Node 22.13+): a server that answers every question in
          // 8 s would never be heard with dns-timeout-ms 20000. maxTimeout is newer than @types/node 20's options.
          const options = { timeout: timeoutMs, tries: 1, maxTimeout: maxTimeoutMs } as ResolverOptions
          const resolver = new dns.Resolver(options)
          if (server !== SYSTEM_RESOLVER) resolver.setServers([server])
          return resolver
        }
        // The window's sockets notice a lost answer early: after LOSS_TIMEOUT_MS until c-ares has timed the server's
        // answers, then five times their average (see attempt()); the question is then asked again on a resolver of
        // its own that waits for the rest of the deadline.
        const shared = () => fresh(Math.min(this.timeoutMs, LOSS_TIMEOUT_MS), this.timeoutMs)
        const resolvers = [shared()]
        const resolver = (socket: number) => (resolvers[socket] ??= shared())
        const window = new CongestionWindow(this.initialWindow)
        this.windows.set(server, window)
        return {
          window,
          resolver,
          fresh,
          tcp: new TcpQuestions(resolvers[0] as dnsPromises.Resolver),
        }
      })
      this.channels.set(server, channel)
      // Alongside the first question, so that a dead resolver costs no more time than its first question.
      void this.query(server, CONTROL_QUESTION.name, CONTROL_QUESTION.type)
    }
    return channel
  }

  private async ask<T extends QueryType>(server: string, name: string, type: T): Promise<DnsAnswer<T>> {
    const channel = await this.channel(server)
    let last: DnsAnswer<T> | undefined
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      last = await this.attempt(channel, server, name, type)
      if (last.ok) {
        this.answering.add(server)
        return last
      }
    }
    const failed = last as DnsAnswer<T> & { ok: false }
    // A failure of the control question itself is told by runnerTrouble(); awaiting it here would wait on itself.
    if (name === CONTROL_QUESTION.name && type === CONTROL_QUESTION.type) return failed
    const runner = await this.runnerTrouble(server)
    return runner ? { ...failed, runner } : failed
  }

  /**
   * What a failed question says about the server's load: no answer at a server that has answered others, or a
   * REFUSED, is a loss (the window halves); any other answer came back whole. A server that has answered nothing this
   * run is not congested but absent (its trouble is the runner's, told once): shrinking its window would only make the
   * run longer.
   */
  private outcomeOf(server: string, error: NodeJS.ErrnoException): 'answered' | 'lost' | 'settled' {
    if (error.code === 'EREFUSED') return 'lost'
    if (error.code === 'ETIMEOUT' || error.code === 'ECANCELLED') return this.answering.has(server) ? 'lost' : 'settled'
    return 'answered'
  }

  /**
   * One try within one deadline, which starts once the question has its place in the server's window (a queue of
   * thousands is not a timeout). The question goes down one of the window's shared sockets; unanswered within the
   * window's retransmission timeout (or given up on early by c-ares, whose reused channel times itself by the
   * server's recent answers), it is taken as lost: its place is given back as a loss, which halves the window, and it
   * is asked again, in a new place, on a resolver of its own that waits for what is left of the deadline. Whichever
   * asking is answered first is the answer. A place is otherwise held until c-ares settles the question, also past the
   * deadline: given up on here, it is still outstanding at the server (the channel is shared, so it is not
   * cancelled; c-ares gives up at the same deadline).
   */
  private async attempt<T extends QueryType>(
    channel: ServerChannel,
    server: string,
    name: string,
    type: T,
  ): Promise<DnsAnswer<T>> {
    const firstPlace = await channel.window.acquire()
    const started = Date.now()
    let over = false
    let own: dnsPromises.Resolver | undefined
    let timer: NodeJS.Timeout | undefined
    let lossTimer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        own?.cancel()
        reject(Object.assign(new Error('deadline'), { code: 'ETIMEOUT' }))
      }, this.timeoutMs)
    })
    deadline.catch(() => undefined)
    try {
      let askedAgain = false
      const first = this.ask1(channel.resolver(firstPlace.socket), firstPlace, server, name, type, () => {
        channel.window.sample(Date.now() - started)
        if (askedAgain) firstPlace.answeredLate()
      })
      const lost = lossNoticed(
        channel.window,
        started,
        this.timeoutMs,
        () => over,
        t => (lossTimer = t),
      )
      const before = await Promise.race([
        first.then(
          records => ({ records }),
          (error: unknown) => (givenUpEarly(error) ? ('lost' as const) : Promise.reject(error)),
        ),
        lost,
        deadline,
      ])
      if (before !== 'lost') return { ok: true, records: before.records as RecordOf<T>[] }
      askedAgain = true
      firstPlace.release('lost')
      const next = channel.window.acquire()
      const place = await Promise.race([next, deadline]).catch(async (late: unknown) => {
        ;(await next).release('settled')
        throw late
      })
      own = channel.fresh(Math.max(1, this.timeoutMs - (Date.now() - started)))
      const second = this.ask1(own, place, server, name, type)
      const records = await Promise.race([firstAnswer([first, second]), deadline])
      return { ok: true, records: records as RecordOf<T>[] }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN'
      // An answer truncated over TCP too reads as NODATA to c-ares. Where the absence is a verdict (no CAA records lets
      // every CA issue; no CNAME is "missing"), TCP is asked for the TC bit after a NODATA: a round trip more only
      // where there are no records, and one question fewer wherever there are.
      const tcp =
        code === 'ENODATA' && (type === 'CAA' || type === 'CNAME')
          ? this.overTcp(channel, server, name, type, started, () => over)
          : undefined
      if (tcp && (await Promise.race([tcp, deadline.catch(() => false)])))
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
      clearTimeout(lossTimer)
    }
  }

  /** The question asked over TCP for its TC bit, in a place of its own, within what is left of the deadline. */
  private async overTcp(
    channel: ServerChannel,
    server: string,
    name: string,
    type: TcpType,
    started: number,
    over: () => boolean,
  ): Promise<boolean> {
    const place = await channel.window.acquire()
    const left = this.timeoutMs - (Date.now() - started)
    try {
      // Not yet sent when the attempt is over: not needed any more.
      return over() || left <= 0 ? false : await channel.tcp.truncated(server, name, type, left)
    } finally {
      place.release('settled')
    }
  }

  /** Asks once, in a place of the window, and gives the place back with what the asking told (timing an answer). */
  private ask1(
    resolver: dnsPromises.Resolver,
    place: WindowPlace,
    server: string,
    name: string,
    type: QueryType,
    timed?: () => void,
  ): Promise<unknown[]> {
    const asked = lookup(resolver, name, type)
    asked.then(
      () => {
        timed?.()
        place.release('answered')
      },
      (error: NodeJS.ErrnoException) => {
        const outcome = this.outcomeOf(server, error)
        if (outcome === 'answered') timed?.()
        place.release(outcome)
      },
    )
    return asked
  }
}

/**
 * Resolves when a question sent at `started` has gone unanswered for the window's retransmission timeout. Timers run
 * before the poll for I/O in Node's event loop: on a busy machine, a timer and the answer it waits for can be due in
 * the same turn, the answer still unread in its socket. The loss is decided after that poll (setImmediate), so such an
 * answer is read first, and against the timeout as it is then: answers timed since the question was sent (a late one
 * above all) may have lengthened it. `timerSet` hands each timer over, to be cleared when the attempt is over.
 */
function lossNoticed(
  window: CongestionWindow,
  started: number,
  deadlineMs: number,
  over: () => boolean,
  timerSet: (timer: NodeJS.Timeout) => void,
): Promise<'lost'> {
  return new Promise(resolve => {
    const decide = () => {
      if (over()) return
      const wait = window.timeoutMs(deadlineMs) - (Date.now() - started)
      if (wait > 0) timerSet(setTimeout(() => setImmediate(decide), wait))
      else resolve('lost')
    }
    timerSet(setTimeout(() => setImmediate(decide), window.timeoutMs(deadlineMs)))
  })
}

/** c-ares gave up on its own, before the attempt's deadline: its reused channel timed the answer as lost. */
function givenUpEarly(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ETIMEOUT' && (error as Error).message !== 'deadline'
}

/**
 * The first of several askings of one question to be answered: the first records, or the first failure that is an
 * answer (NODATA, SERVFAIL, …); a timeout only when every asking timed out.
 */
function firstAnswer(askings: ReadonlyArray<Promise<unknown[]>>): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    let timedOut = 0
    for (const asking of askings) {
      asking.then(resolve, (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ETIMEOUT' && error.code !== 'ECANCELLED') reject(error)
        else if (++timedOut === askings.length) reject(error)
      })
    }
  })
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

const TCP_IDLE_MS = 2000

/** The questions whose answer truncated over TCP too would otherwise read as "none". */
type TcpType = 'CAA' | 'CNAME'

interface TcpQuestion {
  name: string
  type: TcpType
  frame: Buffer
  settle: (truncated: boolean) => void
  /** Sent again once already, after a connection closed without answering it. */
  resent: boolean
}

/**
 * Whether a server answers a CAA or CNAME question over TCP with the TC bit set. c-ares reads such an answer as empty:
 * "no CAA records", which lets every CA issue (a CA would have read nothing and refused), or "no CNAME". Every such
 * question of a server goes down one TCP connection, pipelined (RFC 7766 §6.2.1) and matched by id, type and name, so
 * a run opens one connection per server, not one per question. A connection that closes with questions unanswered
 * (dnsmasq closes after 100) has them sent again on a new one, as long as it answered something or they were not sent
 * again before; a server that does not speak TCP gives `false` (nothing more is known).
 */
class TcpQuestions {
  private socket: import('node:net').Socket | undefined
  private readonly pending = new Map<number, TcpQuestion>()
  private nextId = Math.floor(Math.random() * 65536)
  /** Loaded with the first question, so that connecting again later (after a close) needs no import. */
  private modules: { connect: typeof import('node:net').connect; packet: typeof import('dns-packet') } | undefined

  constructor(private readonly resolver: dnsPromises.Resolver) {}

  async truncated(server: string, name: string, type: TcpType, timeoutMs: number): Promise<boolean> {
    const [{ connect }, packet] = await Promise.all([import('node:net'), import('dns-packet')])
    this.modules ??= { connect, packet }
    let id = this.nextId
    while (this.pending.has(id)) id = (id + 1) & 0xffff
    this.nextId = (id + 1) & 0xffff
    const frame = packet.streamEncode({
      type: 'query',
      id,
      flags: packet.RECURSION_DESIRED,
      questions: [{ type, name }],
    })
    return new Promise<boolean>(resolve => {
      const timer = setTimeout(() => settle(false), timeoutMs)
      const settle = (truncated: boolean) => {
        clearTimeout(timer)
        this.pending.delete(id)
        if (this.pending.size === 0) this.socket?.unref()
        resolve(truncated)
      }
      this.pending.set(id, { name: name.toLowerCase(), type, frame, settle, resent: false })
      this.send(server, frame)
    })
  }

  private send(server: string, frame: Buffer): void {
    const socket = this.socket ?? this.connect(server)
    if (!socket) return
    socket.ref()
    socket.write(frame)
  }

  private connect(server: string): import('node:net').Socket | undefined {
    if (!this.modules) return undefined
    const { connect, packet } = this.modules
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
        this.send(server, question.frame)
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
        const asked = decoded.questions?.[0]
        if (!question || asked?.type !== question.type || asked.name.toLowerCase().replace(/\.$/, '') !== question.name)
          continue
        answered++
        question.settle(((decoded.flags ?? 0) & packet.TRUNCATED_RESPONSE) !== 0)
      }
    })
    return socket
  }
}
