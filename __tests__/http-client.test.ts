import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { DnsClient } from '../src/dns/client.js'
import { AnswerCache } from '../src/web/answer-cache.js'
import { HttpClient } from '../src/web/http-client.js'
import { startDnsServer } from '../test-support/dns-server.js'
import { PK_TEST } from '../test-support/keys.js'
import { runScenario } from '../test-support/scenario.js'

/** What the live checks' client does with hosts and answers no check is built around. */
describe('the HTTP client', () => {
  let server: http.Server
  let origin: string
  const served = new WeakMap<object, number>()
  let connections = 0
  const posts: string[] = []
  const counted = new Map<string, number>()
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const before = served.get(req.socket) ?? 0
      served.set(req.socket, before + 1)
      if (req.url === '/closes-reused' && before > 0) {
        req.socket.destroy()
        return
      }
      if (req.url === '/reset') {
        req.socket.destroy()
        return
      }
      if (req.method === 'POST') {
        posts.push(`${req.url} ${before > 0 ? 'reused' : 'new'}`)
        // A server that acts on the request, then drops the connection it came on instead of answering.
        if (req.url === '/acts-then-resets' || (req.url === '/resets-reused' && before > 0)) {
          req.socket.destroy()
          return
        }
      }
      if (req.url === '/away' || req.url === '/here') {
        const port = (server.address() as AddressInfo).port
        const to = req.url === '/away' ? `http://127.0.0.2:${port}/secret` : `http://127.0.0.1:${port}/auth`
        res.writeHead(302, { location: to }).end()
        return
      }
      if (req.url === '/drip') {
        res.writeHead(200, { 'content-type': 'text/plain' })
        const timer = setInterval(() => res.write('.'), 100)
        res.on('close', () => clearInterval(timer))
        return
      }
      if (req.url?.startsWith('/counted')) {
        const seen = (counted.get(req.url) ?? 0) + 1
        counted.set(req.url, seen)
        // /counted/flaky is Clerk at a bad moment: 503 the first time.
        const status = req.url === '/counted/flaky' && seen === 1 ? 503 : 200
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`${req.url} ${seen} ${req.headers.accept ?? ''}`)
        return
      }
      if (req.url === '/auth') {
        res.writeHead(200).end(req.headers.authorization ?? 'none')
        return
      }
      res.writeHead(200, { 'set-cookie': ['a=1', 'b=2'] }).end('hello')
    })
    server.on('connection', () => connections++)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise(resolve => server.close(resolve)))

  const client = (dnsServers: string[] = []) =>
    new HttpClient({ dns: new DnsClient(dnsServers, 300), resolveThroughDns: dnsServers.length > 0, timeoutMs: 2000 })

  it('joins repeated headers, and sends URL userinfo as a Basic header without showing it', async () => {
    const answer = await client().request(`${origin}/`, { maxBytes: 100 })
    expect(answer).toMatchObject({ ok: true, status: 200, body: 'hello', headers: { 'set-cookie': 'a=1, b=2' } })
    const withUser = new URL(`${origin}/auth`)
    withUser.username = 'deploy'
    withUser.password = 'hunter2-hunter2'
    const auth = await client().request(withUser.toString(), { maxBytes: 100 })
    expect(auth.ok && auth.body).toBe(`Basic ${Buffer.from('deploy:hunter2-hunter2').toString('base64')}`)
  })

  it('says what went wrong, naming the URL without credentials', async () => {
    expect(await client().request('not a url', { maxBytes: 1 })).toMatchObject({ ok: false, kind: 'network' })
    expect(await client().request('ftp://example.com/', { maxBytes: 1 })).toMatchObject({
      ok: false,
      detail: 'ftp://example.com/: only http and https are fetched',
    })
    const reset = await client().request(`http://user:secret-secret@127.0.0.1:${new URL(origin).port}/reset`, {
      maxBytes: 1,
    })
    expect(reset).toMatchObject({ ok: false, kind: 'network' })
    expect(JSON.stringify(reset)).not.toContain('secret-secret')
  })

  it('keeps one connection to an origin for the run, and asks again on a new one when the server closed it', async () => {
    const web = client()
    const opened = connections
    expect(await web.request(`${origin}/`, { maxBytes: 100 })).toMatchObject({ ok: true, body: 'hello' })
    expect(await web.request(`${origin}/`, { maxBytes: 100 })).toMatchObject({ ok: true, body: 'hello' })
    expect(connections - opened).toBe(1)
    // The kept connection is closed as it is reused: the request goes again, on a new connection.
    expect(await web.request(`${origin}/closes-reused`, { maxBytes: 100 })).toMatchObject({ ok: true, body: 'hello' })
    expect(connections - opened).toBe(2)
  })

  it('never sends a request that is not a GET twice: a POST goes on a connection of its own and is not asked again', async () => {
    const web = client()
    posts.length = 0
    expect(await web.request(`${origin}/`, { maxBytes: 100 })).toMatchObject({ ok: true })
    // A kept-alive connection is there to reuse; the POST does not take it, so the server's reset of reused ones
    // never meets it.
    const onOwn = await web.request(`${origin}/resets-reused`, { method: 'POST', body: '{}', maxBytes: 100 })
    expect(onOwn).toMatchObject({ ok: true, status: 200 })
    const reset = await web.request(`${origin}/acts-then-resets`, { method: 'POST', body: '{}', maxBytes: 100 })
    expect(reset).toMatchObject({ ok: false, kind: 'network', code: 'ECONNRESET' })
    expect(posts).toEqual(['/resets-reused new', '/acts-then-resets new'])
  })

  it('never sends a secret anywhere but the destination named for it, whatever the request asks', async () => {
    const BYPASS = 'FAKEvercelBYPASSsecret000notreal'
    const web = new HttpClient({
      dns: new DnsClient([], 300),
      resolveThroughDns: false,
      timeoutMs: 2000,
      secrets: [{ source: 'VERCEL_AUTOMATION_BYPASS_SECRET', value: BYPASS, origin: 'https://app.example' }],
    })
    const opened = connections
    // A probe that forgot the rule: the secret in a header, in the URL, in the body. None is sent.
    const tries = [
      web.request(`${origin}/auth`, { headers: { 'x-vercel-protection-bypass': BYPASS }, maxBytes: 100 }),
      web.request(`${origin}/auth?token=${BYPASS}`, { maxBytes: 100 }),
      web.request(`${origin}/auth`, { method: 'POST', body: `{"k":"${BYPASS}"}`, maxBytes: 100 }),
    ]
    for (const answer of await Promise.all(tries)) {
      expect(answer).toMatchObject({ ok: false, code: 'ESECRETDESTINATION' })
      expect(!answer.ok && answer.detail).toContain(
        'not sent, because it would carry the secret from VERCEL_AUTOMATION_BYPASS_SECRET to 127.0.0.1:',
      )
      expect(JSON.stringify(answer)).not.toContain(BYPASS)
    }
    expect(connections - opened).toBe(0)
    // Without the secret, the same request goes.
    expect(await web.request(`${origin}/auth`, { maxBytes: 100 })).toMatchObject({ ok: true, body: 'none' })
  })

  it('follows a redirect to plain http on the same host, never to plain http on another (a private address, say)', async () => {
    expect(await client().request(`${origin}/here`, { maxBytes: 100, followRedirects: true })).toMatchObject({
      ok: true,
      body: 'none',
    })
    expect(await client().request(`${origin}/away`, { maxBytes: 100, followRedirects: true })).toEqual({
      ok: false,
      kind: 'redirect',
      detail: `${origin}/away redirects to plain http on another host (127.0.0.2:${new URL(origin).port}), which is not followed`,
    })
  })

  it('with maxBytes 0, answers with the status as soon as it comes, however the body drips', async () => {
    const started = Date.now()
    expect(await client().request(`${origin}/drip`, { maxBytes: 0 })).toMatchObject({ ok: true, status: 200, body: '' })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await client().request(`${origin}/drip`, { maxBytes: 100 })).toMatchObject({ ok: false, kind: 'timeout' })
  })

  it("shares one run's GETs by URL and headers: one request, whatever each asker reads of it", async () => {
    const shared = new HttpClient({
      dns: new DnsClient([], 300),
      resolveThroughDns: false,
      timeoutMs: 2000,
      cache: new AnswerCache(),
    })
    const asked = (path: string, accept: string, maxBytes: number) =>
      shared.request(`${origin}${path}`, { headers: { accept }, maxBytes })
    const [head, whole, cut] = await Promise.all([
      asked('/counted/page', 'text/html', 0),
      asked('/counted/page', 'text/html', 1000),
      asked('/counted/page', 'text/html', 5),
    ])
    expect(head).toMatchObject({ ok: true, status: 200, body: '' })
    expect(whole).toMatchObject({ ok: true, body: '/counted/page 1 text/html', truncated: false })
    expect(cut).toMatchObject({ ok: true, body: '/coun', truncated: true })
    // Asked again later, and with other headers: the first is the run's answer, the second another request.
    expect(await asked('/counted/page', 'text/html', 1000)).toMatchObject({ body: '/counted/page 1 text/html' })
    expect(await asked('/counted/page', '*/*', 1000)).toMatchObject({ body: '/counted/page 2 */*' })
    expect(counted.get('/counted/page')).toBe(2)
    // A 5xx is worth asking again (Clerk's APIs are asked twice on one), and so is a request marked fresh.
    expect(await asked('/counted/flaky', '*/*', 1000)).toMatchObject({ status: 503 })
    expect(await asked('/counted/flaky', '*/*', 1000)).toMatchObject({ status: 200 })
    await shared.request(`${origin}/counted/flaky`, { headers: { accept: '*/*' }, maxBytes: 100, fresh: true })
    expect(counted.get('/counted/flaky')).toBe(3)
    // Status and headers come before a body that drips; the body's reader still has its own deadline.
    expect(await shared.request(`${origin}/drip`, { maxBytes: 0 })).toMatchObject({ ok: true, status: 200, body: '' })
    expect(await shared.request(`${origin}/drip`, { maxBytes: 100 })).toMatchObject({ ok: false, kind: 'timeout' })
  })

  it('keeps no more bodies than its budget: past it, an answer is asked again', async () => {
    const tight = new HttpClient({
      dns: new DnsClient([], 300),
      resolveThroughDns: false,
      timeoutMs: 2000,
      cache: new AnswerCache(0),
    })
    const ask = () => tight.request(`${origin}/counted/budget`, { maxBytes: 1000 })
    expect(await ask()).toMatchObject({ body: '/counted/budget 1 ' })
    expect(await ask()).toMatchObject({ body: '/counted/budget 2 ' })
  })

  it('judges a webhook endpoint that answers 200 and then drips by its 200', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'development', 'live-checks': 'true', 'webhook-url': `${origin}/drip` },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    const r = results.find(c => c.id === 'webhooks.endpoint')
    expect(r?.status).toBe('fail')
    expect(r?.message).toContain('answered 200 to a POST with no signature')
  })

  it('resolves through the DNS servers given, and says when a name has no address there', async () => {
    const dns = await startDnsServer({ records: [{ name: 'app.example.com', type: 'A', data: '127.0.0.1' }] })
    try {
      const port = new URL(origin).port
      expect(await client([dns.address]).request(`http://app.example.com:${port}/`, { maxBytes: 10 })).toMatchObject({
        ok: true,
        body: 'hello',
      })
      const missing = await client([dns.address]).request(`http://nowhere.example.com:${port}/`, { maxBytes: 10 })
      expect(missing).toMatchObject({ ok: false, kind: 'dns' })
      expect(dns.queries.map(q => `${q.type} ${q.name}`)).toContain('AAAA nowhere.example.com')
      const handshake = await client([dns.address]).handshake('nowhere.example.com')
      expect(handshake).toMatchObject({ ok: false, kind: 'dns' })
    } finally {
      await dns.close()
    }
  })
})
