import { PK_TEST, publishableKey, SK_LIVE } from '../../test-support/keys.js'
import { productionDomain, startClerkStandIn } from '../../test-support/clerk-server.js'
import { describeLive, liveWorld } from '../../test-support/live-world.js'

const world = liveWorld()
const { live, of } = world

describeLive('deploy.certificates', () => {
  it('passes trusted certificates for clerk. and accounts., with issuer and expiry', async () => {
    const results = of(await live({}), 'deploy.certificates')
    expect(results.map(r => [r.subject, r.status])).toEqual([
      ['clerk.example.com', 'pass'],
      ['accounts.example.com', 'pass'],
    ])
    expect(results[0]?.evidence).toMatchObject({ issuer: 'clerk-preflight throwaway test CA', daysLeft: 89 })
  })

  it.each([
    ['short.example', 'pass', 'has a trusted certificate'],
    ['soon.example', 'warn', 'expires in 24 days (20'],
    ['stale.example', 'warn', 'less than a third of its 6-day lifetime'],
    ['expired.example', 'fail', 'expired on'],
    ['misnamed.example', 'fail', 'not for clerk.misnamed.example'],
    ['selfsigned.example', 'fail', 'not trusted (DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['refused.example', 'fail', 'refused the connection'],
    ['silent.example', 'fail', 'did not answer within 1500 ms'],
  ])('judges clerk.%s: %s', async (domain, status, text) => {
    const [r] = of(await live({ domain }, { key: publishableKey('live', `clerk.${domain}`) }), 'deploy.certificates')
    expect(r).toMatchObject({ subject: `clerk.${domain}`, status })
    expect(r?.message).toContain(text)
    if (status === 'fail') expect(r?.fix).toContain('Deploy certificates')
  })

  it("checks a proxy's certificate on the proxy's own port", async () => {
    // Port 443 of clerk.example.com has a trusted certificate; nothing listens on 8443.
    const results = of(await live({ 'proxy-url': 'https://clerk.example.com:8443/__clerk' }), 'deploy.certificates')
    expect(results[0]).toMatchObject({ subject: 'clerk.example.com:8443', status: 'fail' })
    expect(results[0]?.message).toContain('does not answer TLS on port 8443')
  })

  it('is skipped on a shared domain, where Clerk has no hosts of its own (vercel.app: the auto-proxy)', async () => {
    const [r] = of(await live({}, { key: publishableKey('live', 'clerk.myapp.vercel.app') }), 'deploy.certificates')
    expect(r).toMatchObject({ subject: 'myapp.vercel.app', status: 'skip' })
  })

  it("does not dial clerk.<satellite> for a satellite behind a proxy: the input's, or its own in Clerk's domains", async () => {
    const byInput = of(
      await live({ satellites: 'shop.example', 'proxy-url': 'https://shop.example/__clerk' }),
      'deploy.certificates',
    )
    expect(byInput.find(r => r.subject === 'clerk.shop.example')).toMatchObject({ status: 'skip' })
    expect(byInput.find(r => r.subject === 'clerk.shop.example')?.message).toContain('https://shop.example/__clerk')
    const clerk = await startClerkStandIn({
      secretKey: SK_LIVE,
      environmentType: 'production',
      domains: [
        productionDomain('example.com'),
        {
          ...productionDomain('store.example'),
          is_satellite: true,
          proxy_url: 'https://store.example/__clerk',
        },
        { ...productionDomain('other.example'), is_satellite: true },
      ],
    })
    try {
      const results = of(
        await live(
          { satellites: 'store.example, other.example' },
          { secretKey: SK_LIVE, env: { CLERK_API_URL: clerk.url } },
        ),
        'deploy.certificates',
      )
      expect(results.map(r => [r.subject, r.status])).toEqual([
        ['clerk.example.com', 'pass'],
        ['accounts.example.com', 'pass'],
        ['clerk.store.example', 'skip'],
        ['clerk.other.example', 'fail'],
      ])
    } finally {
      await clerk.close()
    }
  })

  it('is skipped for a development instance and with live-checks false', async () => {
    expect(of(await live({ environment: 'development' }, { key: PK_TEST }), 'deploy.certificates')[0]?.status).toBe(
      'skip',
    )
    expect(of(await live({ 'live-checks': 'false' }), 'deploy.certificates')[0]?.message).toContain(
      'live-checks is false',
    )
  })
})
