import { startDnsServer, type DnsTestServer, type FixtureRecord } from '../../test-support/dns-server.js'
import { httpsUnavailable, startHttpsServer, type HttpsTestServer } from '../../test-support/https-server.js'
import { PK_LIVE, SK_LIVE } from '../../test-support/keys.js'
import { wiredApps } from '../../test-support/next-app.js'
import { runAction } from '../../test-support/run-action.js'
import { runScenario } from '../../test-support/scenario.js'

/** deploy.satellites against a wired satellite, one with satelliteAutoSync, and one that is not wired. */
const unavailable = await httpsUnavailable()
const describeLive = unavailable ? describe.skip : describe
if (unavailable) console.warn(`deploy.satellites over HTTPS skipped: ${unavailable}`)

describeLive('deploy.satellites', () => {
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

  const satellites = async (list: string, inputs: Record<string, string> = {}) => {
    const { results } = await runScenario({
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'dns-servers': dns.address,
        'live-checks': 'true',
        satellites: list,
        ...inputs,
      },
      secretKey: SK_LIVE,
    })
    return results.filter(r => r.id === 'deploy.satellites')
  }

  it('passes a satellite whose sign-in leads to the primary, and fails one that signs in on a page of its own', async () => {
    const [wired, unwired] = await satellites('example.net, example.org', { 'protected-paths': '/dashboard' })
    expect(wired).toMatchObject({ subject: 'https://example.net', status: 'pass' })
    expect(wired?.message).toContain('https://example.com/sign-in')
    expect(unwired).toMatchObject({ subject: 'https://example.org', status: 'fail' })
    expect(unwired?.message).toContain('https://example.org/sign-in')
    expect(unwired?.fix).toContain('isSatellite: true')
  })

  it("passes satelliteAutoSync's handshake on the satellite's own Frontend API", async () => {
    const [synced] = await satellites('example.dev')
    expect(synced).toMatchObject({ status: 'pass' })
    expect(synced?.message).toContain('https://clerk.example.dev')
    expect(synced?.message).toContain('satellite-needs-syncing')
  })

  it('skips, saying what would let it run, where nothing signed out tells wired from unwired', async () => {
    const [wired, unwired] = await satellites('example.net, example.org')
    expect(wired).toMatchObject({ status: 'skip' })
    expect(unwired).toMatchObject({ status: 'skip' })
    expect(unwired?.fix).toContain('protected-paths')
  })

  it('is skipped outside production and without satellites', async () => {
    expect(await satellites('example.net', { environment: 'preview', 'publishable-key': '' })).toMatchObject([
      { status: 'skip' },
    ])
    const none = await satellites('')
    expect(none).toMatchObject([{ subject: 'satellites', status: 'skip' }])
  })

  it('fails the unwired satellite through the bundled action', async () => {
    const run = await runAction({
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'dns-servers': dns.address,
        satellites: 'example.net\nexample.org',
        'protected-paths': '/dashboard',
        'live-checks': 'true',
        'clerk-api': 'false',
        phase: 'after-deploy',
        'http-timeout-ms': '2000',
      },
    })
    const found = run.report?.checks.filter(c => c.id === 'deploy.satellites').map(c => `${c.subject} ${c.status}`)
    expect(found).toEqual(['https://example.net pass', 'https://example.org fail'])
  })
})
