import { startDnsServer, type DnsTestServer, type FixtureRecord } from '../../test-support/dns-server.js'
import { httpsUnavailable, startHttpsServer, type HttpsTestServer } from '../../test-support/https-server.js'
import { PK_LIVE, PK_TEST, SK_LIVE } from '../../test-support/keys.js'
import { wiredApps } from '../../test-support/next-app.js'
import { runAction } from '../../test-support/run-action.js'
import { runScenario } from '../../test-support/scenario.js'
import { answered, hop } from '../../test-support/probe-answers.js'
import { parsePublishableKey } from '../../src/clerk/keys.js'
import { expectedHandshakeBases, judgeServerKey, type ServerKeyContext } from '../../src/checks/deploy-server-key.js'

/** deploy.server-key against Next.js stand-ins whose server holds this instance's key, another's, or a proxy's. */
const unavailable = await httpsUnavailable()
const describeLive = unavailable ? describe.skip : describe
if (unavailable) console.warn(`deploy.server-key over HTTPS skipped: ${unavailable}`)

describeLive('deploy.server-key', () => {
  let web: HttpsTestServer
  let dns: DnsTestServer
  beforeAll(async () => {
    web = await startHttpsServer(wiredApps())
    dns = await startDnsServer({
      records: Object.keys(wiredApps()).map((name): FixtureRecord => ({ name, type: 'A', data: web.address })),
    })
  })
  afterAll(async () => {
    await web.close()
    await dns.close()
  })

  const serverKey = async (host: string, inputs: Record<string, string> = {}, key = PK_LIVE) => {
    const { results } = await runScenario({
      inputs: {
        environment: 'production',
        'publishable-key': key,
        'dns-servers': dns.address,
        'live-checks': 'true',
        url: `https://${host}/`,
        ...inputs,
      },
      secretKey: SK_LIVE,
    })
    return results.filter(r => r.id === 'deploy.server-key')
  }

  it("passes a server whose handshake goes to the configured key's Frontend API, with __client_uat and no session", async () => {
    const [result] = await serverKey('example.com')
    expect(result).toMatchObject({ subject: 'https://example.com/', status: 'pass' })
    expect(result?.message).toContain('handshake on https://clerk.example.com')
    expect(result?.message).toContain('client-uat-but-no-session-token')
    const asked = web.requests.filter(r => r.host === 'example.com').pop()
    expect(asked?.headers.cookie).toBe('__client_uat=1')
    expect(asked?.headers['sec-fetch-dest']).toBe('document')
  })

  it('passes a handshake to the proxy given in proxy-url, and fails it when the proxy is not the one given', async () => {
    expect(await serverKey('proxied.example', { 'proxy-url': 'https://proxied.example/__clerk' })).toMatchObject([
      { status: 'pass' },
    ])
    const [unexpected] = await serverKey('proxied.example')
    expect(unexpected?.status).toBe('fail')
  })

  it("fails a server on another instance's key while its build ships the right one, naming both hosts", async () => {
    const { results } = await runScenario({
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'dns-servers': dns.address,
        'live-checks': 'true',
        url: 'https://other-key.example/',
      },
    })
    const [result] = results.filter(r => r.id === 'deploy.server-key')
    expect(result).toMatchObject({ status: 'fail' })
    expect(result?.message).toContain('clerk.other-shop.com')
    expect(result?.message).toContain('https://clerk.example.com')
    expect(result?.fix).toContain('clerk.example.com')
    // The browser check sees the right key in the build.
    expect(results.find(r => r.id === 'deploy.publishable-key')?.status).toBe('pass')
  })

  it("passes a development instance's handshake on its own host, and skips a page Clerk does not answer", async () => {
    expect(await serverKey('dev-key.example', { environment: 'preview' }, PK_TEST)).toMatchObject([{ status: 'pass' }])
    expect(await serverKey('static.example')).toMatchObject([{ status: 'skip' }])
  })

  it('fails the other instance through the bundled action, exit 1', async () => {
    const run = await runAction({
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'dns-servers': dns.address,
        url: 'https://other-key.example/',
        'clerk-api': 'false',
        phase: 'after-deploy',
        'http-timeout-ms': '2000',
      },
    })
    expect(run.report?.checks.filter(c => c.id === 'deploy.server-key').map(c => c.status)).toEqual(['fail'])
    expect(run.outputs['failed-checks']).toContain('deploy.server-key')
    expect(run.code).toBe(1)
  })
})

describe('deploy.server-key on answers met in the wild (pure)', () => {
  const context = (url: string) =>
    ({
      environment: { name: 'production', instanceType: 'production' as const },
      appUrl: url,
      publishableKey: { value: PK_LIVE, source: 'publishable-key', parsed: parsePublishableKey(PK_LIVE) },
    }) as unknown as ServerKeyContext

  it("takes @clerk/nextjs's own proxy on a per-deployment vercel.app URL for the key's Frontend API", () => {
    const url = 'https://shop-a1b2c3-team.vercel.app/'
    expect(expectedHandshakeBases(context(url), url)).toEqual([
      'https://clerk.example.com',
      'https://shop-a1b2c3-team.vercel.app/__clerk',
    ])
    const found = judgeServerKey(
      context(url),
      url,
      answered(
        url,
        hop(url, 307, {
          location:
            'https://shop-a1b2c3-team.vercel.app/__clerk/v1/client/handshake?__clerk_hs_reason=client-uat-but-no-session-token',
          'x-clerk-auth-status': 'handshake',
        }),
      ),
    )
    expect(found).toMatchObject({ status: 'pass' })
  })

  it('warns when the middleware answers without a handshake: the key cannot be seen', () => {
    const url = 'https://example.com/'
    const found = judgeServerKey(
      context(url),
      url,
      answered(
        url,
        hop(url, 200, { 'x-clerk-auth-status': 'signed-out', 'x-clerk-auth-reason': 'session-token-missing' }),
      ),
    )
    expect(found).toMatchObject({ status: 'warn' })
    expect(found.message).toContain('session-token-missing')
  })
})
