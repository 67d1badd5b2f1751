import { PK_LIVE, PK_TEST, publishableKey, SK_LIVE } from '../test-support/keys.js'
import { leakedSlices, runAction, visibleLog } from '../test-support/run-action.js'
import { runScenario } from '../test-support/scenario.js'
import { BYPASS, WEBHOOK_SECRET, describeLive, liveWorld, unavailable } from '../test-support/live-world.js'

it('runs where CI runs', () => {
  if (process.env.CI === 'true') expect(unavailable).toBeUndefined()
})

describeLive('live checks, over HTTPS on loopback', () => {
  const world = liveWorld()
  const { live, of } = world

  it("csp asks the public Frontend API what is on when the live checks run: Billing's Stripe hosts, without a secret key", async () => {
    const [r] = of(
      await live(
        { url: 'https://example.com/csp', domain: 'billing.example' },
        { key: publishableKey('live', 'clerk.billing.example') },
      ),
      'csp',
    )
    expect(r).toMatchObject({ status: 'fail', evidence: { instanceFeatures: { known: { billing: true } } } })
    expect(r?.fix).toContain('Add to `script-src`: `https://js.stripe.com`')
  })

  describe('Vercel Deployment Protection', () => {
    const preview = (extra: { bypass?: string; path?: string } = {}) =>
      runScenario({
        inputs: {
          environment: 'preview',
          url: `https://myapp-git-feature-acme.vercel.app${extra.path ?? '/'}`,
          'live-checks': 'auto',
          'dns-servers': world.dns.address,
          'http-timeout-ms': '1500',
        },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_FAPI_URL: '' },
        vercelProtectionBypass: extra.bypass,
      })

    it("warns, never judging Vercel's login page as the app, and names the bypass to create", async () => {
      const { results } = await preview()
      for (const id of ['csp', 'deploy.publishable-key']) {
        const r = of(results, id)[0]
        expect(r).toMatchObject({ status: 'warn', evidence: { vercel: true } })
        expect(r?.message).toContain('answered 401')
        expect(r?.message).toContain("Vercel's Deployment Protection, not the app")
        expect(r?.fix).toContain('Protection Bypass for Automation')
        expect(r?.fix).toContain('vercel-protection-bypass')
      }
      expect(JSON.stringify(of(results, 'csp'))).not.toContain('vercel.com')
    })

    it('reads the app with the bypass, sent to its own origin only: the page and its script', async () => {
      const before = world.web.requests.length
      const { results } = await preview({ bypass: BYPASS })
      expect(of(results, 'csp')[0]).toMatchObject({ status: 'pass' })
      const key = of(results, 'deploy.publishable-key')[0]
      expect(key).toMatchObject({ status: 'pass' })
      expect(key?.message).toContain('main-9f.js')
      const sent = world.web.requests.slice(before)
      expect(sent.filter(r => r.headers['x-vercel-protection-bypass'] === BYPASS).map(r => r.path)).toEqual(
        expect.arrayContaining(['/', '/_next/static/chunks/main-9f.js']),
      )
      expect(
        sent.filter(r => r.host !== 'myapp-git-feature-acme.vercel.app' && r.headers['x-vercel-protection-bypass']),
      ).toEqual([])
      expect(JSON.stringify(results)).not.toContain(BYPASS)
    })

    it('never sends the bypass on a redirect off the app, and says when the bypass given is refused', async () => {
      const before = world.web.requests.length
      await preview({ bypass: BYPASS, path: '/away' })
      const elsewhere = world.web.requests.slice(before).filter(r => r.host === 'elsewhere.example')
      expect(elsewhere.length).toBeGreaterThan(0)
      expect(elsewhere.filter(r => r.headers['x-vercel-protection-bypass'] !== undefined)).toEqual([])
      const refused = of((await preview({ bypass: 'FAKEstaleBYPASSsecret0000notreal' })).results, 'csp')[0]
      expect(refused).toMatchObject({ status: 'warn' })
      expect(refused?.message).toContain('was sent and not accepted')
    })

    it('takes a 403 from something other than Vercel for a login in front of the app, and names no Vercel', async () => {
      const { results } = await runScenario({
        inputs: { environment: 'preview', url: 'https://forbidden.example/', 'dns-servers': world.dns.address },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_FAPI_URL: '' },
      })
      const r = of(results, 'csp')[0]
      expect(r).toMatchObject({ status: 'warn', evidence: { vercel: false } })
      expect(r?.message).toContain('answered 403: that is a login in front of the app, not the app')
    })

    it("takes a redirect to Vercel's login on another origin for protection too", async () => {
      const { results } = await runScenario({
        inputs: { environment: 'preview', url: 'https://sso-preview.vercel.app/', 'dns-servers': world.dns.address },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_FAPI_URL: '' },
      })
      const r = of(results, 'csp')[0]
      expect(r).toMatchObject({ status: 'warn', evidence: { vercel: true } })
      expect(r?.message).toContain('redirected to a login at https://vercel.com/sso-api')
    })
  })

  describe('production on vercel.app: the automatic proxy', () => {
    const VERCEL_LIVE = publishableKey('live', 'clerk.myapp.vercel.app')

    it('asks the Frontend API at https://<app>/__clerk everywhere, treats it as same-origin, and names its redirect URI', async () => {
      const results = await live(
        { url: 'https://myapp.vercel.app/', 'development-publishable-key': PK_TEST },
        { key: VERCEL_LIVE },
      )
      const fapi = of(results, 'deploy.frontend-api')[0]
      expect(fapi).toMatchObject({ subject: 'myapp.vercel.app', status: 'pass' })
      expect(fapi?.message).toContain('/__clerk')
      expect(fapi?.message).toContain('CLERK_DISABLE_AUTO_PROXY')
      expect(of(results, 'csp')[0]).toMatchObject({
        status: 'pass',
        evidence: { frontendApi: 'https://myapp.vercel.app' },
      })
      const github = of(results, 'oauth.providers').find(r => r.subject === 'oauth_github')
      expect(github?.fix).toContain('https://myapp.vercel.app/__clerk/v1/oauth_callback')
      expect(of(results, 'deploy.certificates')[0]?.status).toBe('skip')
      expect(world.web.requests.some(r => r.host === 'clerk.myapp.vercel.app')).toBe(false)
    })

    it("asks for script-src and connect-src 'self' when the policy lacks them, never clerk.<app>.vercel.app", async () => {
      const { clerkRequirements } = await import('../src/web/csp-policy.js')
      const self = new URL('https://myapp.vercel.app/')
      const sources = clerkRequirements('https://myapp.vercel.app', self).map(r => `${r.directive} ${r.source}`)
      expect(sources).toEqual(expect.arrayContaining(["script-src-elem 'self'", "connect-src 'self'"]))
      expect(sources.join(' ')).not.toContain('clerk.myapp')
    })
  })

  describe('phase', () => {
    const webhook = (inputs: Record<string, string>, clues = {}) =>
      runScenario({
        inputs: {
          environment: 'production',
          'dns-servers': world.dns.address,
          'webhook-url': 'https://example.com/api/open',
          'live-checks': 'auto',
          domain: 'expired.example',
          'http-timeout-ms': '1500',
          ...inputs,
        },
        env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.expired.example'), CLERK_FAPI_URL: '' },
        clues,
      })

    it("before the deploy, a finding about the live app is at most warn and says so; Clerk's side keeps its verdict", async () => {
      const { outcome, results } = await webhook({ phase: 'before-deploy' })
      expect(outcome.ok && outcome.plan.phase).toEqual({ value: 'before-deploy', from: 'input' })
      const r = of(results, 'webhooks.endpoint')[0]
      expect(r).toMatchObject({ status: 'warn', evidence: { phase: 'before-deploy', unsoftenedStatus: 'fail' } })
      expect(r?.message).toContain('about the live (previous) release, judged after the deploy')
      expect(r?.message).toContain('accepts any request')
      expect(of(results, 'deploy.certificates')[0]?.status).toBe('fail')
    })

    it('after the deploy the same finding fails; auto is after-deploy on deployment_status, before-deploy otherwise', async () => {
      expect(of((await webhook({ phase: 'after-deploy' })).results, 'webhooks.endpoint')[0]?.status).toBe('fail')
      const onDeployment = await webhook({ phase: 'auto' }, { eventName: 'deployment_status' })
      expect(onDeployment.outcome.ok && onDeployment.outcome.plan.phase).toEqual({
        value: 'after-deploy',
        from: 'auto',
      })
      expect(of(onDeployment.results, 'webhooks.endpoint')[0]?.status).toBe('fail')
      const onPush = await webhook({ phase: 'auto' }, { eventName: 'push' })
      const r = of(onPush.results, 'webhooks.endpoint')[0]
      expect(r?.status).toBe('warn')
      expect(r?.message).toContain('not on a deployment_status event')
    })
  })

  it('runs the bundled action in production with every live check on loopback, trusting the CA through NODE_EXTRA_CA_CERTS', async () => {
    const run = await runAction({
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'secret-key': SK_LIVE,
        'dns-servers': world.dns.address,
        'authorized-parties': 'https://example.com',
        url: 'https://example.com/',
        'webhook-url': 'https://example.com/api/webhooks/clerk',
        'webhook-signing-secret': WEBHOOK_SECRET,
        'development-publishable-key': PK_TEST,
        'platform-api-key': 'ak_FAKEplatformKEY000notreal00',
        'clerk-api': 'false',
        'http-timeout-ms': '2000',
      },
      env: { CLERK_FAPI_URL: '', CLERK_PLATFORM_API_URL: world.platformUrl },
    })
    const status = (id: string) => run.report?.checks.filter(c => c.id === id).map(c => `${c.subject} ${c.status}`)
    expect(status('deploy.certificates')).toEqual(['clerk.example.com pass', 'accounts.example.com pass'])
    expect(status('deploy.frontend-api')).toEqual(['clerk.example.com pass'])
    expect(status('deploy.publishable-key')).toEqual(['https://example.com/ pass'])
    expect(status('webhooks.endpoint')).toEqual(['https://example.com/api/webhooks/clerk pass'])
    expect(status('oauth.providers')).toEqual([
      'oauth_google pass',
      'oauth_github fail',
      'oauth_discord fail',
      'oauth_custom_acme skip',
    ])
    expect(status('clerk.domain-status')).toEqual(['example.com fail'])
    // What the runner shows once its masks are applied, and every file the action wrote.
    const everything = [visibleLog(run.stdout), run.stderr, run.summary, run.reportText, run.outputsFile].join('\n')
    expect(leakedSlices(everything, 'ak_FAKEplatformKEY000notreal00')).toEqual([])
    expect(leakedSlices(everything, WEBHOOK_SECRET)).toEqual([])
    expect(run.stdout).toContain('::add-mask::ak_FAKEplatformKEY000notreal00')
  })
})
