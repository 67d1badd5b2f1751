import { publishableKey, PK_LIVE, PK_TEST, SK_LIVE, SK_TEST } from '../test-support/keys.js'
import { only, runScenario } from '../test-support/scenario.js'

const production = { environment: 'production' }

describe('keys.publishable', () => {
  it('passes a live key in production and names the variable it came from', async () => {
    const { results } = await runScenario({ inputs: production, env: { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(results, 'keys.publishable')).toMatchObject({
      subject: 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY',
      status: 'pass',
      evidence: { frontendApi: 'clerk.example.com' },
    })
  })

  it('fails a test key in production, saying which key, why and the fix', async () => {
    const { results } = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: PK_TEST } })
    const r = only(results, 'keys.publishable')
    expect(r.status).toBe('fail')
    expect(r.message).toBe(
      'CLERK_PUBLISHABLE_KEY is a pk_test_ key of a development instance, but production needs a production instance (pk_live_…)',
    )
    expect(r.fix).toContain('pk_live_')
  })

  it('fails a live key in preview', async () => {
    const { results } = await runScenario({ inputs: { environment: 'preview', 'publishable-key': PK_LIVE } })
    expect(only(results, 'keys.publishable')).toMatchObject({ subject: 'publishable-key', status: 'fail' })
  })

  it('prefers the input over the variables, and the variables over the file (a pull request writes the file)', async () => {
    const fromInput = await runScenario({
      inputs: { environment: 'preview', 'publishable-key': PK_TEST },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(fromInput.results, 'keys.publishable')).toMatchObject({ subject: 'publishable-key', status: 'pass' })
    const config = `environments:\n  preview:\n    publishable-key: ${PK_TEST}\n`
    const overFile = await runScenario({
      inputs: { environment: 'preview' },
      config,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(overFile.results, 'keys.publishable')).toMatchObject({
      subject: 'CLERK_PUBLISHABLE_KEY',
      status: 'fail',
    })
    const fromFile = await runScenario({ inputs: { environment: 'preview' }, config })
    expect(only(fromFile.results, 'keys.publishable')).toMatchObject({ subject: 'configuration file', status: 'pass' })
  })

  it('fails when variables disagree, naming them', async () => {
    const { results } = await runScenario({
      inputs: production,
      env: {
        CLERK_PUBLISHABLE_KEY: PK_LIVE,
        VITE_CLERK_PUBLISHABLE_KEY: PK_LIVE,
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.other.com'),
      },
    })
    const conflict = results.find(r => r.id === 'keys.publishable' && r.status === 'fail')
    expect(conflict?.message).toContain(
      'CLERK_PUBLISHABLE_KEY, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY hold different publishable keys',
    )
    expect(conflict?.message).not.toContain('VITE_')
  })

  it('fails when no key is anywhere', async () => {
    const { results } = await runScenario({ inputs: production })
    expect(only(results, 'keys.publishable')).toMatchObject({ status: 'fail', subject: 'publishable-key' })
    expect(only(results, 'keys.frontend-api').status).toBe('skip')
    expect(only(results, 'keys.pair').status).toBe('skip')
  })

  it('fails a malformed key without echoing it', async () => {
    const bad = 'pk_live_' + Buffer.from('clerk.example.com').toString('base64')
    const { results } = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: bad } })
    const r = only(results, 'keys.publishable')
    expect(r.status).toBe('fail')
    expect(r.message).toContain('does not decode to a Frontend API host followed by "$"')
    expect(JSON.stringify(results)).not.toContain(bad.slice(8))
  })
})

describe('keys.secret', () => {
  it('passes and fails by instance type', async () => {
    const ok = await runScenario({ inputs: production, secretKey: SK_LIVE, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(ok.results, 'keys.secret')).toMatchObject({ status: 'pass', subject: 'CLERK_SECRET_KEY' })
    const bad = await runScenario({ inputs: production, secretKey: SK_TEST, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(bad.results, 'keys.secret')).toMatchObject({ status: 'fail' })
    expect(only(bad.results, 'keys.secret').message).toContain('needs a production instance (sk_live_…)')
  })

  it('warns when absent and when legacy', async () => {
    const none = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(none.results, 'keys.secret').status).toBe('warn')
    const legacy = await runScenario({
      inputs: production,
      secretKey: 'live_FAKElegacy00000000000000',
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(legacy.results, 'keys.secret')).toMatchObject({ status: 'warn' })
    expect(only(legacy.results, 'keys.secret').message).toContain('legacy prefix live_')
  })

  it('fails a malformed secret and never puts any part of it in a result', async () => {
    const secret = 'sk_live_FAKE secret with spaces 0000000000'
    const { results } = await runScenario({ inputs: production, secretKey: secret })
    expect(only(results, 'keys.secret')).toMatchObject({ status: 'fail' })
    const text = JSON.stringify(results)
    for (let i = 0; i + 12 <= secret.length; i++) expect(text).not.toContain(secret.slice(i, i + 12))
  })
})

describe('keys.pair', () => {
  it('fails keys of different instance types', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'development' },
      secretKey: SK_LIVE,
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    expect(only(results, 'keys.pair')).toMatchObject({
      status: 'fail',
      evidence: { publishable: 'pk_test_', secret: 'sk_live_' },
    })
  })
  it('passes keys of one instance type', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'development' },
      secretKey: SK_TEST,
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    expect(only(results, 'keys.pair').status).toBe('pass')
  })
})

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

describe('keys.publishable, legacy keys', () => {
  it('warns about a legacy live_ publishable key, with its instance type read as Clerk’s SDK reads it', async () => {
    const legacy = `live_${Buffer.from('clerk.example.com$').toString('base64')}`
    const { results } = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: legacy } })
    const r = only(results, 'keys.publishable')
    expect(r).toMatchObject({ status: 'warn', evidence: { instanceType: 'production', legacy: true } })
    expect(r.message).toContain('parsePublishableKey')
    expect(JSON.stringify(results)).not.toContain(legacy)
    expect(only(results, 'keys.frontend-api').status).toBe('pass')
  })
})

describe('environment', () => {
  it('reports the environment, its source and the instance type it needs', async () => {
    const { results } = await runScenario({
      clues: { eventName: 'deployment_status', deploymentEnvironment: 'Production – web' },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(results, 'environment')).toMatchObject({
      subject: 'production',
      status: 'pass',
      evidence: { source: 'deployment', detail: 'Production – web', instanceType: 'production' },
    })
  })

  it('lets the file make staging a production instance', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'staging' },
      config: 'environments:\n  staging:\n    instance-type: production\n    domain: example.com\n',
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(results, 'keys.publishable').status).toBe('pass')
    expect(results.find(r => r.id === 'environment' && r.status !== 'pass')).toBeUndefined()
  })

  // Clerk's guide: staging is a separate Clerk application whose production instance serves the staging domain
  // (clerk.com/docs/deployments/set-up-staging); sharing production's instance is the discouraged alternative.
  describe('staging', () => {
    const stagingKey = publishableKey('live', 'clerk.staging-example.com')

    // Clerk recommends a production instance of a separate application, and does not require one (clerk-docs,
    // guides/development/managing-environments.mdx): a development instance is a warn, and is judged as one.
    it('warns on a development instance by default, with the recommendation, and the file can say development', async () => {
      const dev = await runScenario({ inputs: { environment: 'staging' }, env: { CLERK_PUBLISHABLE_KEY: PK_TEST } })
      const environment = only(dev.results, 'environment')
      expect(environment).toMatchObject({
        status: 'warn',
        evidence: { instanceType: 'development', instanceTypeFrom: 'key' },
      })
      expect(environment.fix).toContain('separate Clerk application')
      expect(only(dev.results, 'keys.publishable').status).toBe('pass')
      expect(dev.results.filter(r => r.status === 'fail')).toEqual([])
      const secretMismatch = await runScenario({
        inputs: { environment: 'staging' },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
        secretKey: SK_LIVE,
      })
      expect(only(secretMismatch.results, 'keys.secret').status).toBe('fail')
      const own = await runScenario({ inputs: { environment: 'staging' }, env: { CLERK_PUBLISHABLE_KEY: stagingKey } })
      expect(only(own.results, 'keys.publishable').status).toBe('pass')
      expect(only(own.results, 'keys.frontend-api').status).toBe('pass')
      const optedOut = await runScenario({
        inputs: { environment: 'staging' },
        config: 'environments:\n  staging:\n    instance-type: development\n',
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
      })
      expect(only(optedOut.results, 'keys.publishable').status).toBe('pass')
      expect(only(optedOut.results, 'environment').status).toBe('pass')
    })

    it.each([
      ["production's publishable key", `environments:\n  production:\n    publishable-key: ${PK_LIVE}\n`],
      ["production's domain", 'environments:\n  production:\n    domain: example.com\n'],
    ])(
      "warns staging on the production environment's instance (not recommended, not forbidden), known from %s",
      async (_, config) => {
        const { results } = await runScenario({
          inputs: { environment: 'staging' },
          config,
          env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
        })
        const r = only(results, 'keys.frontend-api')
        expect(r).toMatchObject({ status: 'warn', subject: 'clerk.example.com' })
        expect(r.message).toContain("staging uses the production environment's own instance")
        expect(r.fix).toContain('separate Clerk application')
      },
    )

    it('passes staging on a separate application while the file knows production', async () => {
      const { results } = await runScenario({
        inputs: { environment: 'staging' },
        config: `environments:\n  production:\n    publishable-key: ${PK_LIVE}\n    domain: example.com\n`,
        env: { CLERK_PUBLISHABLE_KEY: stagingKey },
      })
      expect(only(results, 'keys.frontend-api')).toMatchObject({ status: 'pass', subject: 'clerk.staging-example.com' })
    })
  })

  it('fails a production-instance preview served from a hosting domain', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'preview', url: 'https://my-app-git-feature.vercel.app/' },
      config: 'environments:\n  preview:\n    instance-type: production\n',
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    const fail = results.find(r => r.id === 'environment' && r.status === 'fail')
    expect(fail).toMatchObject({ subject: 'https://my-app-git-feature.vercel.app' })
    expect(fail?.message).toContain('it is on vercel.app, a shared domain in the Public Suffix List')
  })

  it('passes a production-instance preview on a subdomain, and warns when its origin is unknown', async () => {
    const config = 'environments:\n  preview:\n    instance-type: production\n'
    const onSub = await runScenario({
      inputs: { environment: 'preview', 'app-origins': 'https://preview.example.com' },
      config,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(onSub.results.filter(r => r.id === 'environment').map(r => r.status)).toEqual(['pass'])
    const unknown = await runScenario({
      inputs: { environment: 'preview' },
      config,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(unknown.results.filter(r => r.id === 'environment').map(r => r.status)).toEqual(['pass', 'warn'])
  })

  it('needs an instance type for a custom environment', async () => {
    const { outcome, results } = await runScenario({
      inputs: { environment: 'qa' },
      config: 'environments:\n  qa:\n    domain: example.com\n',
    })
    expect(outcome.ok).toBe(false)
    expect(only(results, 'config')).toMatchObject({
      status: 'fail',
      evidence: { field: 'environments.qa.instance-type', line: 3 },
    })
  })
})

describe('config results', () => {
  it('takes phase and the bypass from the workflow only: refused in the file, and phase checked as an input', async () => {
    const inFile = await runScenario({ inputs: { environment: 'preview' }, config: 'phase: after-deploy\n' })
    const refused = only(inFile.results, 'config')
    expect(refused).toMatchObject({ status: 'fail' })
    expect(refused.message).toContain('decides the gate or where data goes')
    expect(refused.fix).toContain('with: phase:')
    const bypass = await runScenario({
      inputs: { environment: 'preview' },
      config: 'vercel-protection-bypass: FAKEvercelBYPASSsecret000notreal\n',
    })
    expect(only(bypass.results, 'config').message).toContain('holds a secret')
    expect(JSON.stringify(bypass.results)).not.toContain('FAKEvercelBYPASS')
    const wrong = only((await runScenario({ inputs: { environment: 'preview', phase: 'later' } })).results, 'config')
    expect(wrong.fix).toBe('Set the input `phase` to auto, before-deploy or after-deploy.')
  })

  it('turns every bad input into a failing config result and skips every check', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'production', 'fail-on': 'sometimes', 'dns-timeout-ms': 'soon' },
    })
    const config = results.filter(r => r.id === 'config')
    expect(config.map(r => [r.subject, r.status])).toEqual([
      ['dns-timeout-ms', 'fail'],
      ['fail-on', 'fail'],
    ])
    expect(config[1]?.fix).toBe('Set the input `fail-on` to error, warning or never.')
    expect(results.filter(r => r.id !== 'config').every(r => r.status === 'skip')).toBe(true)
  })

  it('is a config failure when no environment can be inferred', async () => {
    const { results } = await runScenario({ clues: { eventName: 'push', ref: 'refs/heads/feature' } })
    expect(only(results, 'config').message).toContain('no target environment')
  })
})
