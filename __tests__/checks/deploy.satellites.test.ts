import { PK_LIVE } from '../../test-support/keys.js'
import { runScenario } from '../../test-support/scenario.js'
import { describeLive, wiredWorld } from '../../test-support/wired-world.js'
import { answered, hop } from '../../test-support/probe-answers.js'
import { judgeSatellite, MAX_SATELLITES_PROBED } from '../../src/checks/deploy-satellites.js'

/** deploy.satellites against a wired satellite, one with satelliteAutoSync, and one that is not wired. */
describeLive('deploy.satellites', () => {
  const world = wiredWorld('deploy.satellites')
  const satellites = (list: string, inputs: Record<string, string> = {}) =>
    world.check('deploy.satellites', undefined, { satellites: list, ...inputs })

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
    const run = await world.action({
      satellites: 'example.net\nexample.org',
      'protected-paths': '/dashboard',
      'live-checks': 'true',
    })
    const found = run.report?.checks.filter(c => c.id === 'deploy.satellites').map(c => `${c.subject} ${c.status}`)
    expect(found).toEqual(['https://example.net pass', 'https://example.org fail'])
  })
})

describe('deploy.satellites on answers met in the wild (pure)', () => {
  const context = { environment: { instanceType: 'production' as const }, primary: 'example.com' }
  const page = (satellite: string) => answered(`https://${satellite}/`, hop(`https://${satellite}/`, 200))

  it("warns on a satelliteAutoSync handshake that goes to another host than the satellite's Frontend API", () => {
    const found = judgeSatellite(context, {
      satellite: 'example.net',
      page: answered(
        'https://example.net/',
        hop('https://example.net/', 307, {
          location: 'https://clerk.example.com/v1/client/handshake?__clerk_hs_reason=satellite-needs-syncing',
          'x-clerk-auth-status': 'handshake',
        }),
      ),
    })
    expect(found).toMatchObject({ status: 'warn' })
    expect(found.fix).toContain("domain: 'example.net'")
  })

  it('warns when the protected path is served on the satellite, and is an error when neither answer came', () => {
    const served = judgeSatellite(context, {
      satellite: 'example.net',
      page: page('example.net'),
      signIn: answered('https://example.net/dashboard', hop('https://example.net/dashboard', 200)),
    })
    expect(served).toMatchObject({ status: 'warn' })
    const failure = {
      ok: false as const,
      kind: 'refused' as const,
      detail: 'https://example.net/ refused the connection',
    }
    expect(judgeSatellite(context, { satellite: 'example.net', page: failure, signIn: failure })).toMatchObject({
      status: 'error',
    })
  })

  it(`asks the first ${MAX_SATELLITES_PROBED} satellites and says how many were left`, async () => {
    const many = Array.from({ length: MAX_SATELLITES_PROBED + 2 }, (_, i) => `sat${i}.example`).join(',')
    const { results } = await runScenario({
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'live-checks': 'true',
        satellites: many,
        'http-timeout-ms': '200',
      },
    })
    const found = results.filter(r => r.id === 'deploy.satellites')
    expect(found).toHaveLength(MAX_SATELLITES_PROBED + 1)
    expect(found[MAX_SATELLITES_PROBED]).toMatchObject({ subject: '2 more satellites', status: 'skip' })
  })
})
