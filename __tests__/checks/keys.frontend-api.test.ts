import { publishableKey, PK_LIVE } from '../../test-support/keys.js'
import { only, runScenario } from '../../test-support/scenario.js'

const production = { environment: 'production' }

describe('keys.frontend-api', () => {
  it('derives the domain from a live key and passes it', async () => {
    const { outcome, results } = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(outcome.ok && outcome.plan.domain).toEqual({ value: 'example.com', source: 'publishable key' })
    expect(outcome.ok && outcome.plan.appOrigins.value).toEqual(['https://example.com'])
    expect(only(results, 'keys.frontend-api')).toMatchObject({ subject: 'clerk.example.com', status: 'pass' })
  })

  it('fails a key of another domain than the configured one', async () => {
    const { results } = await runScenario({
      inputs: production,
      config: 'domain: example.org\n',
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    const r = only(results, 'keys.frontend-api')
    expect(r.status).toBe('fail')
    expect(r.message).toContain('needs clerk.example.org')
  })

  it("accepts the proxy's host", async () => {
    const key = publishableKey('live', 'example.com')
    const { results } = await runScenario({
      inputs: { ...production, domain: 'example.com', 'proxy-url': 'https://example.com/__clerk' },
      env: { CLERK_PUBLISHABLE_KEY: key },
    })
    expect(only(results, 'keys.frontend-api').status).toBe('pass')
  })

  // The Public Suffix List's private section, through tldts: the eight domains once listed by hand, and those that
  // slipped through (web.app, workers.dev, up.railway.app).
  it.each([
    ['myapp.netlify.app', 'netlify.app'],
    ['x.pages.dev', 'pages.dev'],
    ['x.herokuapp.com', 'herokuapp.com'],
    ['x.onrender.com', 'onrender.com'],
    ['myapp.web.app', 'web.app'],
    ['api.workers.dev', 'workers.dev'],
    ['shop.up.railway.app', 'up.railway.app'],
  ])('fails a production domain on the shared domain %s, and skips its DNS checks', async (domain, shared) => {
    const { results } = await runScenario({
      inputs: production,
      env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', `clerk.${domain}`) },
    })
    const r = only(results, 'keys.frontend-api')
    expect(r).toMatchObject({ status: 'fail', evidence: { sharedDomain: shared } })
    expect(r.message).toContain(`is on ${shared}, a shared domain (Public Suffix List, private section)`)
    expect(only(results, 'dns.cname')).toMatchObject({ status: 'skip' })
  })

  // clerk/javascript packages/shared/src/proxy.ts: @clerk/nextjs proxies a production instance on *.vercel.app.
  it('warns, not fails, for a production domain on vercel.app, naming the auto-proxy and its limits', async () => {
    const { results } = await runScenario({
      inputs: production,
      env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.myapp.vercel.app') },
    })
    const r = only(results, 'keys.frontend-api')
    expect(r).toMatchObject({ status: 'warn', evidence: { sharedDomain: 'vercel.app', autoProxy: '/__clerk' } })
    expect(r.message).toContain('@clerk/nextjs')
    expect(r.message).toContain("Vercel's production deployment")
    expect(only(results, 'dns.dmarc')).toMatchObject({ status: 'skip' })
  })

  it('accepts a key whose host is a listed satellite’s clerk. host (Clerk’s SDK: parsePublishableKey with isSatellite)', async () => {
    const key = publishableKey('live', 'clerk.example.net')
    const withSatellite = await runScenario({
      inputs: { ...production, domain: 'example.com', satellites: 'example.net' },
      env: { CLERK_PUBLISHABLE_KEY: key },
    })
    expect(only(withSatellite.results, 'keys.frontend-api')).toMatchObject({
      status: 'pass',
      evidence: { satellite: 'example.net' },
    })
    const without = await runScenario({
      inputs: { ...production, domain: 'example.com' },
      env: { CLERK_PUBLISHABLE_KEY: key },
    })
    expect(only(without.results, 'keys.frontend-api').status).toBe('fail')
  })

  it('fails a live key whose host is not clerk.<domain> when no domain is given', async () => {
    const { results } = await runScenario({
      inputs: production,
      env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', 'auth.example.com') },
    })
    expect(only(results, 'keys.frontend-api')).toMatchObject({ status: 'fail' })
    expect(only(results, 'keys.frontend-api').fix).toContain('domain')
  })

  it('passes development hosts, current and legacy, and fails others', async () => {
    for (const host of ['fake-owl-00.clerk.accounts.dev', 'clerk.happy.hippo-1.lcl.dev']) {
      const { results } = await runScenario({
        inputs: { environment: 'development' },
        env: { CLERK_PUBLISHABLE_KEY: publishableKey('test', host) },
      })
      expect(only(results, 'keys.frontend-api')).toMatchObject({ subject: host, status: 'pass' })
    }
    const { results } = await runScenario({
      inputs: { environment: 'preview' },
      env: { CLERK_PUBLISHABLE_KEY: publishableKey('test', 'clerk.example.com') },
    })
    expect(only(results, 'keys.frontend-api').status).toBe('fail')
  })
})
