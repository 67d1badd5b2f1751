import { PK_TEST, publishableKey } from '../../test-support/keys.js'
import { describeLive, liveWorld } from '../../test-support/live-world.js'

const world = liveWorld()
const { live, of } = world

describeLive('clerk.domain-status', () => {
  it("fails when Clerk's own status of the domain is incomplete, naming the part and quoting Clerk's failure hints", async () => {
    world.platformRequests.length = 0
    const [r] = of(await live({}, { platformApiKey: 'ak_FAKEplatformKEY000notreal00' }), 'clerk.domain-status')
    expect(r).toMatchObject({
      subject: 'example.com',
      status: 'fail',
      evidence: {
        ssl: 'failed',
        rechecked: 'a DNS re-check was already running at Clerk',
        failureHints: [{ code: 'FAKE_caa_blocking' }],
      },
    })
    expect(r?.message).toContain('SSL failed')
    expect(r?.message).toContain('Clerk says: FAKE hint: a CAA record does not allow the certificate authority')
    const domainRequests = world.platformRequests.filter(line => line.includes('/domains/'))
    expect(domainRequests[0]).toMatch(/^POST .*\/domains\/example\.com\/dns_check authorized$/)
    expect(domainRequests.slice(1).every(line => /^GET .*\/status authorized$/.test(line))).toBe(true)
    expect(domainRequests.length).toBe(1 + 1 + 2) // the re-check, a first read and one after each wait
  })

  it('asks Clerk to re-check DNS first and reads the status again until it is complete', async () => {
    const [r] = of(
      await live(
        { domain: 'settling.example' },
        {
          key: publishableKey('live', 'clerk.settling.example'),
          platformApiKey: 'ak_FAKEplatformKEY000notreal00',
        },
      ),
      'clerk.domain-status',
    )
    expect(r).toMatchObject({ status: 'pass', evidence: { rechecked: 'asked Clerk to re-check DNS first' } })
  })

  it('is an error when no application has this key, and a skip outside production', async () => {
    const [unknown] = of(
      await live(
        { domain: 'soon.example' },
        { key: publishableKey('live', 'clerk.soon.example'), platformApiKey: 'ak_FAKEplatformKEY000notreal00' },
      ),
      'clerk.domain-status',
    )
    expect(unknown).toMatchObject({ status: 'error' })
    expect(unknown?.message).toContain('none of the 2 applications')
    const [preview] = of(
      await live(
        { environment: 'preview', url: 'https://example.com/' },
        { key: PK_TEST, platformApiKey: 'ak_FAKEplatformKEY000notreal00' },
      ),
      'clerk.domain-status',
    )
    expect(preview?.status).toBe('skip')
    const [unlisted] = of(
      await live({ domain: 'unlisted.example' }, { platformApiKey: 'ak_FAKEplatformKEY000notreal00' }),
      'clerk.domain-status',
    )
    expect(unlisted).toMatchObject({ status: 'error' })
    expect(unlisted?.message).toContain('answered 404')
  })

  it('is an error when the Platform API refuses the key, and a skip without one', async () => {
    const [refused] = of(await live({}, { platformApiKey: 'ak_FAKEwrongKEY0000notreal00' }), 'clerk.domain-status')
    expect(refused).toMatchObject({ status: 'error' })
    expect(refused?.message).toContain('401')
    expect(JSON.stringify(refused)).not.toContain('ak_FAKEwrongKEY')
    expect(of(await live({}), 'clerk.domain-status')[0]?.status).toBe('skip')
  })
})
