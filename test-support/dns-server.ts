import dgram from 'node:dgram'
import net from 'node:net'
import * as packet from 'dns-packet'

/**
 * A DNS server on loopback that answers like a recursive resolver would from fixture zones: it chases CNAME chains
 * inside its data, and can be told to misbehave per question. It speaks the wire protocol over UDP and TCP on one
 * ephemeral port, so the product's real resolver code (node:dns / c-ares) talks to it unchanged.
 */

export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'CAA' | 'TXT' | 'SOA'

export interface FixtureRecord {
  name: string
  type: RecordType
  /** A/AAAA: address; CNAME: target; TXT: text, or its character-strings; CAA: { flags, tag, value }; SOA: the primary name server (a zone's apex). */
  data: string | string[] | { flags: number; tag: string; value: string }
  ttl?: number
}

export type Fault =
  | 'servfail'
  | 'refused'
  | 'nxdomain'
  | 'drop'
  /** UDP answers with the TC bit and no records; TCP answers in full (a resolver must retry over TCP). */
  | 'truncate'
  | 'garbage'
  | 'wrong-id'
  /** Over TCP, sends half an answer and closes; over UDP, truncates. */
  | 'tcp-close'
  /** The TC bit and no records over UDP and over TCP alike: the records cannot be had at all. */
  | 'truncate-always'

export interface FaultRule {
  /** A name, or `*` for every name. */
  name: string
  type?: RecordType
  fault: Fault
  /** Only the first N matching queries misbehave; then the server answers normally. */
  times?: number
}

export interface QueryLogEntry {
  name: string
  type: string
  transport: 'udp' | 'tcp'
}

export interface DnsServerOptions {
  records: FixtureRecord[]
  faults?: FaultRule[]
  /** Delay before every answer, in milliseconds. */
  delayMs?: number
  /** Closes a TCP connection after answering this many questions on it (dnsmasq closes after 100). */
  tcpQueriesPerConnection?: number
  /** Up to this much more delay, at random, per answer: answers come back out of order. */
  jitterMs?: number
  /** Sends every UDP answer twice, as a network that duplicates packets would. */
  duplicateAnswers?: boolean
  /**
   * Drops a query that arrives while this many are outstanding, as dnsmasq does past `dns-forward-max` (150 by
   * default). Dropped queries are not logged.
   */
  forwardMax?: number
}

export interface DnsTestServer {
  /** `127.0.0.1:<port>`, as `dns-servers` takes it. */
  address: string
  port: number
  queries: QueryLogEntry[]
  /**
   * The most questions it held at once, received and not yet answered (or dropped), over UDP and TCP together, since
   * it started or since resetMaxOutstanding().
   */
  readonly maxOutstanding: number
  resetMaxOutstanding(): void
  /** How many TCP connections it accepted. */
  readonly tcpConnections: number
  /** How many queries asked this question. */
  count(name: string, type: string): number
  setFaults(faults: FaultRule[]): void
  setDelay(ms: number): void
  close(): Promise<void>
}

const lower = (name: string) => name.toLowerCase().replace(/\.$/, '')

export async function startDnsServer(options: DnsServerOptions): Promise<DnsTestServer> {
  const records = options.records.map(r => ({ ...r, name: lower(r.name) }))
  // Indexed, so that a question costs the same with 5 records or 5,000 (the benchmark's zones are large).
  const byName = new Map<string, typeof records>()
  const withDescendants = new Set<string>()
  for (const record of records) {
    byName.set(record.name, [...(byName.get(record.name) ?? []), record])
    const labels = record.name.split('.')
    for (let i = 0; i < labels.length; i++) withDescendants.add(labels.slice(i).join('.'))
  }
  let faults = (options.faults ?? []).map(f => ({ ...f, name: lower(f.name) }))
  let delayMs = options.delayMs ?? 0
  const queries: QueryLogEntry[] = []

  const nameExists = (name: string) => withDescendants.has(name)

  function toAnswer(r: (typeof records)[number]): packet.Answer {
    const base = { name: r.name, ttl: r.ttl ?? 300, class: 'IN' as const }
    if (r.type === 'CAA') {
      const caa = r.data as { flags: number; tag: string; value: string }
      return { ...base, type: 'CAA', data: { flags: caa.flags, tag: caa.tag, value: caa.value } } as packet.Answer
    }
    if (r.type === 'TXT') return { ...base, type: 'TXT', data: r.data as string | string[] }
    if (r.type === 'SOA') {
      const soa = { mname: r.data as string, rname: `hostmaster.${r.name}`, serial: 1, refresh: 3600 }
      return { ...base, type: 'SOA', data: { ...soa, retry: 600, expire: 86400, minimum: 300 } } as packet.Answer
    }
    return { ...base, type: r.type, data: r.data as string } as packet.Answer
  }

  /** What a recursive resolver would answer: records of the type, or the CNAME chain and what its end holds. */
  function resolve(qname: string, qtype: string): { rcode: 'NOERROR' | 'NXDOMAIN'; answers: packet.Answer[] } {
    const answers: packet.Answer[] = []
    let name = lower(qname)
    for (let hops = 0; hops < 10; hops++) {
      const here = byName.get(name) ?? []
      const direct = here.filter(r => r.type === qtype)
      if (direct.length > 0) return { rcode: 'NOERROR', answers: [...answers, ...direct.map(toAnswer)] }
      const cname = here.find(r => r.type === 'CNAME')
      if (!cname || qtype === 'CNAME') break
      answers.push(toAnswer(cname))
      name = lower(cname.data as string)
    }
    return { rcode: answers.length > 0 || nameExists(name) ? 'NOERROR' : 'NXDOMAIN', answers }
  }

  function faultFor(name: string, type: string): Fault | undefined {
    const rule = faults.find(
      f => (f.name === '*' || f.name === lower(name)) && (!f.type || f.type === type) && (f.times ?? 1) > 0,
    )
    if (!rule) return undefined
    if (rule.times !== undefined) rule.times--
    return rule.fault
  }

  function respond(query: packet.Packet, transport: 'udp' | 'tcp'): Buffer | 'drop' | 'close' {
    const question = query.questions?.[0]
    const id = query.id ?? 0
    if (!question) return packet.encode({ id, type: 'response', flags: packet.RECURSION_DESIRED, questions: [] })
    queries.push({ name: lower(question.name), type: question.type, transport })
    const fault = faultFor(question.name, question.type)
    const header = { id, type: 'response' as const, questions: [question] }
    const flags = packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE
    switch (fault) {
      case 'drop':
        return 'drop'
      case 'garbage':
        return Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01])
      case 'servfail':
        return packet.encode({ ...header, flags: flags | 2, answers: [] })
      case 'refused':
        return packet.encode({ ...header, flags: flags | 5, answers: [] })
      case 'nxdomain':
        return packet.encode({ ...header, flags: flags | 3, answers: [] })
      case 'wrong-id':
        return packet.encode({
          ...header,
          id: (id + 1) & 0xffff,
          flags,
          answers: resolve(question.name, question.type).answers,
        })
      case 'truncate-always':
        return packet.encode({ ...header, flags: flags | packet.TRUNCATED_RESPONSE, answers: [] })
      case 'truncate':
      case 'tcp-close':
        if (transport === 'udp')
          return packet.encode({ ...header, flags: flags | packet.TRUNCATED_RESPONSE, answers: [] })
        if (fault === 'tcp-close') return 'close'
        break
    }
    const { rcode, answers } = resolve(question.name, question.type)
    return packet.encode({ ...header, flags: flags | (rcode === 'NXDOMAIN' ? 3 : 0), answers })
  }

  let outstanding = 0
  let maxOutstanding = 0
  let closed = false
  /**
   * Answers after the delay, counting the question as outstanding until then. A delayed answer due after close() is
   * dropped, as a stopped server's would be.
   */
  const later = (fn: () => void) => {
    if (options.forwardMax !== undefined && outstanding >= options.forwardMax) return
    outstanding++
    maxOutstanding = Math.max(maxOutstanding, outstanding)
    const answer = () => {
      outstanding--
      if (!closed) fn()
    }
    const delay = delayMs + (options.jitterMs ? Math.random() * options.jitterMs : 0)
    if (delay > 0) setTimeout(answer, delay)
    else setImmediate(answer)
  }

  const makeUdp = () => {
    const socket = dgram.createSocket('udp4')
    socket.on('message', (message, remote) => {
      let query: packet.Packet
      try {
        query = packet.decode(message)
      } catch {
        return
      }
      later(() => {
        const reply = respond(query, 'udp')
        if (!Buffer.isBuffer(reply)) return
        socket.send(reply, remote.port, remote.address)
        if (options.duplicateAnswers) socket.send(reply, remote.port, remote.address)
      })
    })
    return socket
  }

  const sockets = new Set<net.Socket>()
  let tcpConnections = 0
  const tcp = net.createServer(socket => {
    tcpConnections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let answered = 0
    let buffered = Buffer.alloc(0)
    socket.on('data', chunk => {
      buffered = Buffer.concat([buffered, chunk])
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0)
        if (buffered.length < 2 + length) break
        const message = buffered.subarray(2, 2 + length)
        buffered = buffered.subarray(2 + length)
        let query: packet.Packet
        try {
          query = packet.decode(message)
        } catch {
          socket.destroy()
          return
        }
        later(() => {
          const reply = respond(query, 'tcp')
          if (reply === 'drop') return
          if (reply === 'close') {
            const full = packet.encode({ id: query.id, type: 'response', questions: query.questions, answers: [] })
            const framed = Buffer.alloc(2 + full.length)
            framed.writeUInt16BE(full.length + 40, 0) // announce more than will come
            full.copy(framed, 2)
            socket.end(framed.subarray(0, Math.max(3, framed.length >> 1)))
            return
          }
          const framed = Buffer.alloc(2 + reply.length)
          framed.writeUInt16BE(reply.length, 0)
          reply.copy(framed, 2)
          if (socket.writableEnded) return
          socket.write(framed)
          if (++answered === options.tcpQueriesPerConnection) socket.end()
        })
      }
    })
  })

  // UDP and TCP must share a port; an ephemeral UDP port may be taken for TCP, so try a few.
  let port = 0
  let udp = makeUdp()
  for (let attempt = 0; ; attempt++) {
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject)
      udp.bind(0, '127.0.0.1', () => resolve())
    })
    port = udp.address().port
    // A large receive buffer, as busy resolvers set (unbound's so-rcvbuf): a burst of questions waits in it instead of
    // being dropped while the server is busy. The kernel caps it at net.core.rmem_max.
    udp.setRecvBufferSize(8 * 2 ** 20)
    const ok = await new Promise<boolean>(resolve => {
      tcp.once('error', () => resolve(false))
      tcp.listen(port, '127.0.0.1', () => resolve(true))
    })
    if (ok) break
    if (attempt > 20) throw new Error('could not bind UDP and TCP on one port')
    await new Promise<void>(resolve => udp.close(() => resolve()))
    udp = makeUdp()
  }

  return {
    address: `127.0.0.1:${port}`,
    port,
    queries,
    get maxOutstanding() {
      return maxOutstanding
    },
    resetMaxOutstanding() {
      maxOutstanding = outstanding
    },
    get tcpConnections() {
      return tcpConnections
    },
    count: (name, type) => queries.filter(q => q.name === lower(name) && q.type === type).length,
    setFaults(next) {
      faults = next.map(f => ({ ...f, name: lower(f.name) }))
    },
    setDelay(ms) {
      delayMs = ms
    },
    async close() {
      closed = true
      for (const socket of sockets) socket.destroy()
      await Promise.all([
        new Promise<void>(resolve => udp.close(() => resolve())),
        new Promise<void>(resolve => tcp.close(() => resolve())),
      ])
    },
  }
}
