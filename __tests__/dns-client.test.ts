import dgram from 'node:dgram'
import { createLimiter, DnsClient } from '../src/dns/client.js'
import { WINDOW } from '../src/dns/window.js'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'

describe('the resolver layer, against a DNS server on loopback', () => {
  let server: DnsTestServer
  beforeEach(async () => {
    server = await startDnsServer({
      records: [
        { name: 'clerk.example.com', type: 'CNAME', data: 'frontend-api.clerk.services' },
        { name: 'frontend-api.clerk.services', type: 'A', data: '192.0.2.10', ttl: 60 },
        { name: 'example.com', type: 'CAA', data: { flags: 0, tag: 'issue', value: 'pki.goog' } },
        { name: 'big.example.com', type: 'A', data: '192.0.2.20' },
      ],
    })
  })
  afterEach(() => server.close())

  it('reads CNAME, A with TTL, and CAA records', async () => {
    const dns = new DnsClient([server.address], 1000)
    expect(await dns.query(server.address, 'clerk.example.com', 'CNAME')).toEqual({
      ok: true,
      records: ['frontend-api.clerk.services'],
    })
    expect(await dns.query(server.address, 'clerk.example.com', 'A')).toEqual({
      ok: true,
      records: [{ address: '192.0.2.10', ttl: 60 }],
    })
    expect(await dns.query(server.address, 'example.com', 'CAA')).toEqual({
      ok: true,
      records: [{ flags: 0, tag: 'issue', value: 'pki.goog' }],
    })
  })

  it('tells NXDOMAIN from NODATA, both as no records', async () => {
    const dns = new DnsClient([server.address], 1000)
    expect(await dns.query(server.address, 'missing.example.org', 'CNAME')).toEqual({
      ok: true,
      records: [],
      empty: 'NXDOMAIN',
    })
    expect(await dns.query(server.address, 'example.com', 'CNAME')).toEqual({ ok: true, records: [], empty: 'NODATA' })
  })

  it('asks a question once per run, however often it is asked for', async () => {
    const dns = new DnsClient([server.address], 1000)
    await Promise.all([1, 2, 3].map(() => dns.query(server.address, 'Clerk.example.com', 'CNAME')))
    await dns.query(server.address, 'clerk.example.com', 'CNAME')
    expect(server.count('clerk.example.com', 'CNAME')).toBe(1)
  })

  it.each([
    ['servfail', 'ESERVFAIL', 'answered SERVFAIL'],
    ['refused', 'EREFUSED', 'refused the query (REFUSED)'],
    ['garbage', 'EBADRESP', 'sent a malformed answer'],
  ] as const)(
    'turns %s into a "could not tell" answer naming the server, after one retry',
    async (fault, code, words) => {
      server.setFaults([{ name: 'big.example.com', fault }])
      const dns = new DnsClient([server.address], 1000)
      const answer = await dns.query(server.address, 'big.example.com', 'A')
      expect(answer).toEqual({ ok: false, code, detail: `${server.address} ${words} for A big.example.com` })
      expect(server.count('big.example.com', 'A')).toBe(2)
    },
  )

  it('gets past one failure with its retry', async () => {
    server.setFaults([{ name: 'big.example.com', fault: 'servfail', times: 1 }])
    const dns = new DnsClient([server.address], 1000)
    expect(await dns.query(server.address, 'big.example.com', 'A')).toMatchObject({ ok: true })
  })

  it.each(['drop', 'wrong-id'] as const)('bounds a server that %s: a timeout, tried twice', async fault => {
    server.setFaults([{ name: 'big.example.com', fault }])
    const dns = new DnsClient([server.address], 300)
    const answer = await dns.query(server.address, 'big.example.com', 'A')
    expect(answer).toMatchObject({ ok: false, code: 'ETIMEOUT' })
    if (!answer.ok) expect(answer.detail).toContain('did not answer in time (300 ms, tried 2 times)')
  })

  it('asks a dropped question again once its deadline has passed', async () => {
    server.setFaults([{ name: 'big.example.com', fault: 'drop', times: 1 }])
    const dns = new DnsClient([server.address], 1000)
    expect(await dns.query(server.address, 'big.example.com', 'A')).toMatchObject({ ok: true })
    expect(server.count('big.example.com', 'A')).toBe(2)
  })

  it('retries a truncated answer over TCP', async () => {
    server.setFaults([{ name: 'big.example.com', fault: 'truncate' }])
    const dns = new DnsClient([server.address], 1000)
    expect(await dns.query(server.address, 'big.example.com', 'A')).toMatchObject({
      ok: true,
      records: [{ address: '192.0.2.20' }],
    })
    expect(server.queries.filter(q => q.name === 'big.example.com').map(q => q.transport)).toEqual(['udp', 'tcp'])
  })

  it('tells a CAA answer truncated over TCP too from "no records": the records could not be read', async () => {
    server.setFaults([{ name: 'example.com', type: 'CAA', fault: 'truncate-always' }])
    const dns = new DnsClient([server.address], 1000)
    expect(await dns.query(server.address, 'example.com', 'CAA')).toEqual({
      ok: false,
      code: 'ETRUNCATED',
      detail: `${server.address} answered truncated over TCP too, so its CAA example.com records could not be read`,
    })
    // A name with no CAA records is still "no records".
    expect(await dns.query(server.address, 'nothing.example.com', 'CAA')).toMatchObject({ ok: true, records: [] })
  })

  it('tells a CNAME answer truncated over TCP too from "no record"', async () => {
    server.setFaults([{ name: 'clerk.example.com', type: 'CNAME', fault: 'truncate-always' }])
    const dns = new DnsClient([server.address], 1000)
    expect(await dns.query(server.address, 'clerk.example.com', 'CNAME')).toEqual({
      ok: false,
      code: 'ETRUNCATED',
      detail: `${server.address} answered truncated over TCP too, so its CNAME clerk.example.com records could not be read`,
    })
    // A name with an address and no CNAME is still "no record".
    expect(await dns.query(server.address, 'big.example.com', 'CNAME')).toMatchObject({ ok: true, records: [] })
  })

  it('hears a slow answer after fast ones, though the reused channel has learnt to give up sooner', async () => {
    const dns = new DnsClient([server.address], 5000)
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) await dns.query(server.address, `${name}.example.com`, 'A')
    server.setDelay(2500)
    // c-ares gives up on the server's first slow answer early (its timeout follows the fast ones); asked again on a
    // resolver of its own, the question is heard within the same 5 s deadline, in the first try.
    const started = Date.now()
    expect(await dns.query(server.address, 'big.example.com', 'A')).toMatchObject({ ok: true })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(server.count('big.example.com', 'A')).toBe(2)
  }, 15_000)

  it('survives a TCP answer cut off mid-way', async () => {
    server.setFaults([{ name: 'big.example.com', fault: 'tcp-close' }])
    const dns = new DnsClient([server.address], 500)
    expect(await dns.query(server.address, 'big.example.com', 'A')).toMatchObject({ ok: false })
  })

  it('says so when nothing listens', async () => {
    const dns = new DnsClient(['127.0.0.1:1'], 500)
    expect(await dns.query('127.0.0.1:1', 'example.com', 'A')).toMatchObject({ ok: false })
  })

  it("uses the runner's resolver when no server is given, and names it so", () => {
    const dns = new DnsClient([], 1000)
    expect(dns.servers).toEqual(['system'])
    expect(dns.describe(dns.primary)).toBe("the runner's resolver")
  })
})

/** `count` names, each with an address of its own, so that an answer matched to the wrong question shows. */
function numberedNames(count: number, prefix: string) {
  const names = Array.from({ length: count }, (_, i) => `${prefix}${i}.example.com`)
  const addressOf = (i: number) => `198.51.${i >> 8}.${i & 255}`
  const records = names.map((name, i) => ({ name, type: 'A' as const, data: addressOf(i) }))
  return { names, addressOf, records }
}

describe('the window of questions per server', () => {
  it('grows past one socket while a server keeps up, and matches every answer to its question', async () => {
    const { names, addressOf, records } = numberedNames(2000, 'n')
    // Answers out of order (20 to 50 ms) and every one of them twice.
    const server = await startDnsServer({ records, delayMs: 20, jitterMs: 30, duplicateAnswers: true })
    try {
      const dns = new DnsClient([server.address], 5000)
      const answers = await Promise.all(names.map(name => dns.query(server.address, name, 'A')))
      expect(answers.map(a => (a.ok ? a.records.map(r => r.address) : a.detail))).toEqual(
        names.map((_, i) => [addressOf(i)]),
      )
      const window = dns.windowOf(server.address)
      expect(window?.peak).toBeGreaterThan(2 * WINDOW.perSocket)
      expect(window?.sockets).toBeGreaterThan(2)
      // It used what it grew to: more at once than it started with, and never more than its window.
      expect(server.maxOutstanding).toBeGreaterThan(WINDOW.initial)
      expect(server.maxOutstanding).toBeLessThanOrEqual(window?.peak ?? 0)
    } finally {
      await server.close()
    }
  })

  it('halves for a server that drops what it cannot forward, and still gets every answer', async () => {
    const { names, addressOf, records } = numberedNames(1000, 'd')
    // dnsmasq's dns-forward-max, lowered: past 100 outstanding, a query is dropped unanswered.
    const server = await startDnsServer({ records, delayMs: 20, forwardMax: 100 })
    try {
      const dns = new DnsClient([server.address], 8000)
      const answers = await Promise.all(names.map(name => dns.query(server.address, name, 'A')))
      expect(answers.map(a => (a.ok ? a.records.map(r => r.address) : a.detail))).toEqual(
        names.map((_, i) => [addressOf(i)]),
      )
      const window = dns.windowOf(server.address)
      // It halved at least once: past its peak, it grows by about one per window's worth of answers.
      expect(window?.current).toBeLessThan(window?.peak ?? 0)
    } finally {
      await server.close()
    }
  })

  it('halves on REFUSED', async () => {
    const { names, records } = numberedNames(20, 'r')
    const server = await startDnsServer({ records, faults: [{ name: 'r0.example.com', fault: 'refused' }] })
    try {
      const dns = new DnsClient([server.address], 2000)
      await Promise.all(names.slice(1).map(name => dns.query(server.address, name, 'A')))
      const grown = dns.windowOf(server.address)?.current ?? 0
      expect(grown).toBeGreaterThan(WINDOW.initial)
      expect(await dns.query(server.address, 'r0.example.com', 'A')).toMatchObject({ ok: false, code: 'EREFUSED' })
      // Asked twice, refused twice: the second try was sent after the first halving, so it halves again.
      expect(dns.windowOf(server.address)?.current).toBe(Math.floor(Math.floor(grown / 2) / 2))
    } finally {
      await server.close()
    }
  })

  it('keeps the window of a server that answers nothing: it is absent, not congested', async () => {
    const silent = dgram.createSocket('udp4')
    await new Promise<void>(resolve => silent.bind(0, '127.0.0.1', resolve))
    const address = `127.0.0.1:${silent.address().port}`
    try {
      const dns = new DnsClient([address], 300)
      const answers = await Promise.all(['a', 'b', 'c'].map(n => dns.query(address, `${n}.example.com`, 'A')))
      expect(answers.every(a => !a.ok && a.code === 'ETIMEOUT')).toBe(true)
      expect(dns.windowOf(address)?.current).toBe(WINDOW.initial)
    } finally {
      silent.close()
    }
  })

  it('asks every CAA question of a server, and every CNAME found empty, down one TCP connection', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `c${i}.example.com`)
    // Names without CAA or CNAME records: "no records" is the answer the TCP asking is read for.
    const server = await startDnsServer({
      records: names.map(name => ({ name, type: 'A', data: '192.0.2.1' })),
      delayMs: 5,
    })
    try {
      const dns = new DnsClient([server.address], 2000)
      const answers = await Promise.all(
        names.flatMap(name => [dns.query(server.address, name, 'CAA'), dns.query(server.address, name, 'CNAME')]),
      )
      expect(answers.every(a => a.ok && a.empty === 'NODATA')).toBe(true)
      const overTcp = server.queries.filter(q => q.transport === 'tcp')
      expect(overTcp.filter(q => q.type === 'CAA')).toHaveLength(30)
      expect(overTcp.filter(q => q.type === 'CNAME')).toHaveLength(30)
      expect(server.tcpConnections).toBe(1)
    } finally {
      await server.close()
    }
  })

  it('asks again on a new connection what a server that closes after a few answers left unanswered', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `t${i}.example.com`)
    const server = await startDnsServer({
      records: names.map(name => ({ name, type: 'A', data: '192.0.2.1' })),
      tcpQueriesPerConnection: 4,
    })
    try {
      const dns = new DnsClient([server.address], 2000)
      const answers = await Promise.all(names.map(name => dns.query(server.address, name, 'CAA')))
      expect(answers.every(a => a.ok && a.empty === 'NODATA')).toBe(true)
      // Four answers a connection: the questions left are asked again until every one has been answered.
      expect(server.tcpConnections).toBeGreaterThanOrEqual(Math.ceil(30 / 4))
    } finally {
      await server.close()
    }
  })
})

describe('the concurrency bound', () => {
  it('never runs more than its limit at once and runs everything', async () => {
    const limit = createLimiter(3)
    let active = 0
    let peak = 0
    const done: number[] = []
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active++
          peak = Math.max(peak, active)
          await new Promise(resolve => setImmediate(resolve))
          active--
          done.push(i)
        }),
      ),
    )
    expect(peak).toBe(3)
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })

  it('frees its slot when a task throws', async () => {
    const limit = createLimiter(1)
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(limit(() => Promise.resolve(7))).resolves.toBe(7)
  })
})
