import { PK_TEST, publishableKey } from '../../test-support/keys.js'
import { describeLive, fapiHosts, fapiUrls, liveWorld } from '../../test-support/live-world.js'

const world = liveWorld()
const { live, of } = world

describeLive('deploy.origins', () => {
  it("passes origins Clerk serves, fails origin_invalid with the fix for its cause, and asks as Clerk's CLI does", async () => {
    fapiUrls.length = 0
    const results = of(
      await live({
        'app-origins':
          'https://example.com, https://app.example.com, https://shop-preview.vercel.app, https://admin.example.com:8443',
      }),
      'deploy.origins',
    )
    expect(results.map(r => [r.subject, r.status])).toEqual([
      ['https://example.com', 'pass'],
      ['https://app.example.com', 'pass'],
      ['https://shop-preview.vercel.app', 'fail'],
      ['https://admin.example.com:8443', 'fail'],
    ])
    const [, , offDomain, onPort] = results
    expect(offDomain?.message).toContain('origin_invalid')
    expect(offDomain?.message).toContain('Production Keys are only allowed for domain example.com')
    expect(offDomain?.fix).toContain('Domains → Satellites')
    // On the domain the host is not the cause (no "Allowed subdomains" setting fixes it): the port is.
    expect(onPort?.message).toContain('origin_invalid')
    expect(onPort?.fix).toContain('https on the default port')
    expect(onPort?.fix).not.toContain('Allowed subdomains')
    expect(fapiUrls.length).toBeGreaterThan(0)
    // As Clerk's CLI asks it now (clerk/cli packages/cli-core/src/lib/fapi.ts: CLERK_JS_API_VERSION = "6").
    for (const url of fapiUrls) expect(url).toBe('/v1/environment?_clerk_js_version=6')
  })

  it("asks a satellite origin's own Frontend API, clerk.<satellite>, as its browser does", async () => {
    fapiHosts.length = 0
    const results = of(
      await live({ 'app-origins': 'https://example.com, https://shop.example', satellites: 'shop.example' }),
      'deploy.origins',
    )
    expect(results.map(r => [r.subject, r.status])).toEqual([
      ['https://example.com', 'pass'],
      ['https://shop.example', 'pass'],
    ])
    expect(fapiHosts).toEqual(
      expect.arrayContaining(['clerk.example.com https://example.com', 'clerk.shop.example https://shop.example']),
    )
    // Before, the satellite's origin went to the primary's Frontend API, which refused it (origin_invalid).
    expect(fapiHosts).not.toContain('clerk.example.com https://shop.example')
  })

  it("passes, saying what was seen, an answer that is not one of Clerk's refusals (a body that is not JSON)", async () => {
    const [odd] = of(
      await live({ domain: 'oddorigin.example' }, { key: publishableKey('live', 'clerk.oddorigin.example') }),
      'deploy.origins',
    )
    expect(odd).toMatchObject({ subject: 'https://oddorigin.example', status: 'pass', evidence: { status: 400 } })
    expect(odd?.message).toContain('answered 400')
  })

  it('is skipped outside production, and says so when the Frontend API does not answer', async () => {
    const [dev] = of(
      await live({ environment: 'preview', url: 'https://example.com/' }, { key: PK_TEST }),
      'deploy.origins',
    )
    expect(dev).toMatchObject({ status: 'skip' })
    const [away] = of(
      await live({ domain: 'refused.example' }, { key: publishableKey('live', 'clerk.refused.example') }),
      'deploy.origins',
    )
    expect(away).toMatchObject({ subject: 'https://refused.example', status: 'skip' })
    expect(away?.message).toContain('see deploy.frontend-api')
  })
})
