import { PK_TEST, publishableKey } from '../../test-support/keys.js'
import { describeLive, fapiUrls, liveWorld } from '../../test-support/live-world.js'

const world = liveWorld()
const { live, of } = world

describeLive('deploy.origins', () => {
  it("passes origins Clerk serves, fails origin_invalid and subdomain_not_allowed with the dashboard's fix, and asks as Clerk's CLI does", async () => {
    fapiUrls.length = 0
    const results = of(
      await live({
        'app-origins':
          'https://example.com, https://app.example.com, https://shop-preview.vercel.app, https://admin.example.com',
      }),
      'deploy.origins',
    )
    expect(results.map(r => [r.subject, r.status])).toEqual([
      ['https://example.com', 'pass'],
      ['https://app.example.com', 'pass'],
      ['https://shop-preview.vercel.app', 'fail'],
      ['https://admin.example.com', 'fail'],
    ])
    const [, , offDomain, subdomain] = results
    expect(offDomain?.message).toContain('origin_invalid')
    expect(offDomain?.message).toContain('Production Keys are only allowed for domain example.com')
    expect(offDomain?.fix).toContain('Domains → Satellites')
    expect(subdomain?.message).toContain('subdomain_not_allowed')
    expect(subdomain?.fix).toContain('Allowed subdomains')
    expect(fapiUrls.length).toBeGreaterThan(0)
    for (const url of fapiUrls) expect(url).toBe('/v1/environment?_clerk_js_version=5')
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
