import { PK_LIVE, PK_TEST } from '../../test-support/keys.js'
import { describeLive, liveWorld } from '../../test-support/live-world.js'

const world = liveWorld()
const { live, of } = world

describeLive('deploy.publishable-key', () => {
  const shipped = async (path: string, environment = 'production', key = PK_LIVE) =>
    of(await live({ url: `https://example.com${path}`, environment }, { key }), 'deploy.publishable-key')[0]

  it('finds the key in a Next.js App Router page (RSC payload, escaped quotes) and passes it', async () => {
    const r = await shipped('/')
    expect(r).toMatchObject({ subject: 'https://example.com/', status: 'pass' })
    expect(r?.message).toContain('found in https://example.com/')
  })

  it('fails a Vite bundle that inlined the development key into production, naming the script', async () => {
    const r = await shipped('/vite')
    expect(r?.status).toBe('fail')
    expect(r?.message).toContain('ships a pk_test_ key of a development instance')
    expect(r?.message).toContain('https://example.com/assets/index-DiwrgTda.js')
    expect(r?.fix).toContain("hosting provider's environment variables")
    expect(r?.fix).toContain('redeploy')
  })

  it('fails a page whose attribute holds another instance’s key', async () => {
    const r = await shipped('/plain')
    expect(r?.status).toBe('fail')
    expect(r?.message).toContain('the deployed app was built with another key')
    expect(r?.message).toContain('clerk.other-shop.com')
  })

  it('never passes when it finds no Clerk key: a Stripe key is not one', async () => {
    expect(await shipped('/stripe')).toMatchObject({ status: 'warn' })
    expect(await shipped('/stripe', 'preview', PK_TEST)).toMatchObject({ status: 'skip' })
  })

  it('is an error for a 5xx page, a redirect loop, a redirect off http(s), and an untrusted certificate', async () => {
    expect((await shipped('/broken'))?.message).toContain('answered 503')
    expect((await shipped('/loop'))?.message).toContain('redirects more than 5 times')
    expect((await shipped('/ftp'))?.message).toContain('redirects to a ftp: URL, which is not followed')
    const [tlsFailure] = of(await live({ url: 'https://expired-app.example/' }), 'deploy.publishable-key')
    expect(tlsFailure).toMatchObject({ status: 'error' })
    expect(tlsFailure?.message).toContain('CERT_HAS_EXPIRED')
  })

  it("reads the page once for csp and itself, and its script down the page's connection", async () => {
    const requests = world.web.requests.length
    const connections = world.web.connections.length
    const results = await live({ url: 'https://example.com/' })
    expect(of(results, 'deploy.publishable-key')[0]?.status).toBe('pass')
    expect(of(results, 'csp')[0]?.status).toBe('pass')
    // deploy.middleware's probe is the same request as the page, shared (one per URL and headers in a run);
    // deploy.server-key asks it with its __client_uat cookie, another request.
    const asked = world.web.requests.slice(requests).filter(r => r.host === 'example.com')
    expect(asked.map(r => r.path).sort()).toEqual(['/', '/', '/_next/static/chunks/webpack-1a2b.js'])
    expect(asked.filter(r => r.path === '/' && r.headers.cookie === '__client_uat=1')).toHaveLength(1)
    // The probe reads the status line only and closes its connection; the script goes down the page's.
    expect(world.web.connections.slice(connections).filter(name => name === 'example.com').length).toBeLessThanOrEqual(
      3,
    )
  })

  it('reads an endless page only up to its bound', async () => {
    const started = Date.now()
    expect(await shipped('/endless')).toMatchObject({ status: 'warn' })
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
