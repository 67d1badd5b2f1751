import { shippedClerkOptions } from '../../src/web/shipped-keys.js'
import type { CheckResult } from '../../src/report/model.js'
import { startDnsServer, type DnsTestServer } from '../../test-support/dns-server.js'
import { httpsUnavailable, page, startHttpsServer, type HttpsTestServer } from '../../test-support/https-server.js'
import { PK_LIVE } from '../../test-support/keys.js'
import { runScenario } from '../../test-support/scenario.js'

// In process, over real HTTPS on loopback with the test CA: pages that load clerk-js with a script tag as Clerk's
// loaders write it (clerk/javascript packages/shared/src/loadClerkJsScript.ts: data-clerk-publishable-key,
// data-clerk-proxy-url, data-clerk-domain), on the primary domain and on a satellite.

const clerkScript = (attributes: string) =>
  `<!doctype html><html><head><script async crossorigin="anonymous" data-clerk-publishable-key="${PK_LIVE}" ${attributes} src="https://clerk.example.com/npm/@clerk/clerk-js@5/dist/clerk.browser.js"></script></head><body></body></html>`

const httpsSkipped = await httpsUnavailable()
const describeHttps = httpsSkipped ? describe.skip : describe

describeHttps('deploy.proxy-domain', () => {
  let web: HttpsTestServer
  let dns: DnsTestServer
  beforeAll(async () => {
    web = await startHttpsServer({
      'example.com': {
        routes: {
          '/relative': page(clerkScript('data-clerk-proxy-url="/__clerk/"')),
          '/absolute': page(clerkScript("data-clerk-proxy-url='https://example.com/__clerk'")),
          '/other-proxy': page(clerkScript('data-clerk-proxy-url="https://proxy.example.net/clerk"')),
          '/bad-proxy': page(clerkScript('data-clerk-proxy-url="javascript:alert(1)"')),
          '/direct': page(clerkScript('')),
          '/runtime': page('<html><head><script src="/_next/static/chunks/main.js"></script></head></html>'),
          '/primary-domain': page(clerkScript('data-clerk-domain="https://Example.com"')),
          '/satellite-domain': page(clerkScript('data-clerk-domain="shop.example"')),
        },
      },
      'shop.example': {
        routes: {
          '/': page(clerkScript('data-clerk-domain="clerk.shop.example"')),
          '/forgot': page(clerkScript('data-clerk-domain="example.com"')),
        },
      },
    })
    dns = await startDnsServer({
      records: ['example.com', 'shop.example'].map(name => ({ name, type: 'A' as const, data: web.address })),
    })
  })
  afterAll(async () => {
    await Promise.all([web.close(), dns.close()])
  })

  async function run(url: string, inputs: Record<string, string> = {}) {
    const { results } = await runScenario({
      inputs: {
        environment: 'production',
        'dns-servers': dns.address,
        'live-checks': 'true',
        'http-timeout-ms': '1500',
        satellites: 'shop.example',
        url,
        ...inputs,
      },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_FAPI_URL: '' },
    })
    const found = results.filter(r => r.id === 'deploy.proxy-domain')
    return { found, of: (s: string) => found.find(r => r.subject === s) as CheckResult }
  }

  it("passes the configuration's proxy, shipped as a path clerk-js resolves against the page, or whole", async () => {
    const relative = await run('https://example.com/relative', { 'proxy-url': 'https://example.com/__clerk' })
    expect(relative.found).toEqual([expect.objectContaining({ subject: 'data-clerk-proxy-url', status: 'pass' })])
    const whole = await run('https://example.com/absolute', { 'proxy-url': 'https://example.com/__clerk/' })
    expect(whole.of('data-clerk-proxy-url').status).toBe('pass')
  })

  it('fails another proxy, and one that is no URL', async () => {
    const other = await run('https://example.com/other-proxy', { 'proxy-url': 'https://example.com/__clerk' })
    expect(other.of('data-clerk-proxy-url')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(
        'https://proxy.example.net/clerk, but the proxy-url is https://example.com/__clerk',
      ),
    })
    const bad = await run('https://example.com/bad-proxy', { 'proxy-url': 'https://example.com/__clerk' })
    expect(bad.of('data-clerk-proxy-url').status).toBe('fail')
  })

  it('warns when the page ships a proxy the configuration does not name, or none while proxy-url is set', async () => {
    const unnamed = await run('https://example.com/relative')
    expect(unnamed.of('data-clerk-proxy-url')).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('proxy-url: https://example.com/__clerk'),
    })
    const direct = await run('https://example.com/direct', { 'proxy-url': 'https://example.com/__clerk' })
    expect(direct.of('data-clerk-proxy-url')).toMatchObject({ status: 'warn' })
  })

  it("checks data-clerk-domain as clerk-js reads it: the satellite's own on a satellite, the primary's elsewhere", async () => {
    expect((await run('https://shop.example/')).of('data-clerk-domain').status).toBe('pass')
    expect((await run('https://example.com/primary-domain')).of('data-clerk-domain').status).toBe('pass')
    const forgot = await run('https://shop.example/forgot')
    expect(forgot.of('data-clerk-domain')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('clerk.example.com, but shop.example is on the satellite shop.example'),
      fix: expect.stringContaining("'shop.example'"),
    })
    const crossed = await run('https://example.com/satellite-domain')
    expect(crossed.of('data-clerk-domain').status).toBe('fail')
  })

  it('skips a page that ships neither (clerk-js loaded at run time), and is at most a warn before the deploy', async () => {
    const runtime = await run('https://example.com/runtime', { 'proxy-url': 'https://example.com/__clerk' })
    expect(runtime.found).toEqual([expect.objectContaining({ subject: 'https://example.com/runtime', status: 'skip' })])
    const before = await run('https://example.com/other-proxy', {
      'proxy-url': 'https://example.com/__clerk',
      phase: 'before-deploy',
    })
    expect(before.of('data-clerk-proxy-url').status).toBe('warn')
  })

  it('is an error when the page cannot be read', async () => {
    const gone = await run('https://example.com/missing', { 'proxy-url': 'https://example.com/__clerk' })
    expect(gone.found).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('404') })])
  })
})

describe('reading the Clerk options a page ships', () => {
  it('reads script tags only, each value decoded and once', () => {
    const html = `<div data-clerk-domain="ignored.example"></div>
      <script data-clerk-proxy-url="/__clerk?a=1&amp;b=2" data-clerk-domain='Shop.Example'></script>
      <script data-clerk-proxy-url=/__clerk?a=1&amp;b=2 src=x></script>`
    expect(shippedClerkOptions(html)).toEqual({
      proxyUrls: ['/__clerk?a=1&b=2'],
      domains: ['Shop.Example'],
      keyed: false,
    })
  })

  it('reads hostile pages in linear time', () => {
    const started = process.hrtime.bigint()
    shippedClerkOptions('<script data-clerk-proxy-url="'.repeat(50_000))
    shippedClerkOptions(`<script ${'data-clerk-x '.repeat(200_000)}>`)
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000)
  })
})
