import { PK_LIVE, PK_TEST } from '../../test-support/keys.js'
import { describeLive, wiredWorld } from '../../test-support/wired-world.js'
import { judgePage, judgeProtectedPath, type PathProbes } from '../../src/checks/deploy-middleware.js'
import type { Plan } from '../../src/settings/plan.js'
import type { Hop } from '../../src/web/signed-out-probe.js'
import { answered, hop } from '../../test-support/probe-answers.js'

/**
 * deploy.middleware against loopback stand-ins of Next.js apps with Clerk's middleware (test-support/next-app.ts:
 * @clerk/backend's authenticateRequest decides, the answers are made as @clerk/nextjs makes them).
 */
describeLive('deploy.middleware', () => {
  const world = wiredWorld('deploy.middleware')
  const middleware = (host: string, inputs: Record<string, string> = {}, key = PK_LIVE) =>
    world.check('deploy.middleware', host, { 'publishable-key': key, ...inputs })

  it('passes a page Clerk answers and protected paths it refuses: a redirect to sign-in, a protect-rewrite 404', async () => {
    const results = await middleware('example.com', { 'protected-paths': '/dashboard, /api/private' })
    expect(results.map(r => `${r.subject} ${r.status}`)).toEqual([
      'https://example.com/ pass',
      'https://example.com/dashboard pass',
      'https://example.com/api/private pass',
    ])
    expect(results[0]?.message).toContain('x-clerk-auth-status: signed-out')
    expect(results[0]?.message).toContain('session-token-and-uat-missing')
    expect(results[1]?.message).toContain('a redirect to https://example.com/sign-in')
  })

  it('fails a protected path served to a signed-out browser, saying whether the middleware ran there', async () => {
    const [, settings, reports] = await middleware('example.com', { 'protected-paths': '/settings, /reports' })
    expect(settings).toMatchObject({ status: 'fail' })
    expect(settings?.message).toContain("Clerk's middleware ran (x-clerk-auth-status: signed-out")
    expect(settings?.fix).toContain('auth.protect()')
    expect(reports).toMatchObject({ status: 'fail' })
    expect(reports?.message).toContain('did not run for it')
    expect(reports?.fix).toContain('matcher')
  })

  it('fails a crashed middleware (MIDDLEWARE_INVOCATION_FAILED) with the missing key as the cause', async () => {
    const [page] = await middleware('crashed.example')
    expect(page).toMatchObject({ status: 'fail' })
    expect(page?.message).toContain('MIDDLEWARE_INVOCATION_FAILED')
    expect(page?.fix).toContain('CLERK_SECRET_KEY')
  })

  it('fails a production server on a development key (dev-browser-missing in its handshake)', async () => {
    const [page, dashboard] = await middleware('dev-key.example', { 'protected-paths': '/dashboard' })
    expect(page).toMatchObject({ status: 'fail' })
    expect(page?.message).toContain('dev-browser-missing')
    expect(page?.message).toContain("runs a development instance's key")
    expect(dashboard?.status).toBe('fail')
  })

  it('on a development instance, judges a protected path by what a fetch gets after the handshake', async () => {
    const [page, dashboard] = await middleware(
      'dev-key.example',
      { environment: 'preview', 'protected-paths': '/dashboard, /settings' },
      PK_TEST,
    )
    expect(page).toMatchObject({ status: 'pass' })
    expect(page?.message).toContain('dev-browser-missing')
    expect(dashboard).toMatchObject({ status: 'pass' })
    expect(dashboard?.message).toContain('protect-rewrite')
  })

  it('fails a sign-in page that redirects to itself', async () => {
    const [, dashboard] = await middleware('loop.example', { 'protected-paths': '/dashboard' })
    expect(dashboard).toMatchObject({ status: 'fail' })
    expect(dashboard?.message).toContain('https://loop.example/sign-in redirects a signed-out browser to itself')
    expect(dashboard?.fix).toContain('not in the sign-in and sign-up pages')
  })

  it('warns on a Next.js page the middleware does not answer, and skips a site with no sign of it', async () => {
    expect(await middleware('no-middleware.example')).toMatchObject([{ status: 'warn' }])
    expect(await middleware('static.example')).toMatchObject([{ status: 'skip' }])
  })

  it("keeps the page probes on the app: a development key's handshake is not the page csp and deploy.publishable-key read", async () => {
    const connected = world.web.connections.length
    const results = await world.run({ url: 'https://dev-key.example/' }, { secretKey: null })
    const shipped = results.find(r => r.id === 'deploy.publishable-key')
    expect(shipped?.status).toBe('pass')
    expect(shipped?.message).not.toContain('clerk.accounts.dev')
    expect(results.find(r => r.id === 'csp')?.message).not.toContain('clerk.accounts.dev')
    expect(results.find(r => r.id === 'deploy.middleware')?.status).toBe('fail')
    // Nothing was asked of the development Frontend API the handshake pointed at.
    expect(world.web.connections.slice(connected)).not.toContain('fake-owl-00.clerk.accounts.dev')
    const asked = world.web.requests.filter(r => r.host === 'dev-key.example' && r.path === '/')
    expect(asked.some(r => r.headers['sec-fetch-dest'] === 'document')).toBe(true)
    expect(asked.some(r => r.headers['sec-fetch-dest'] === 'empty')).toBe(true)
  })

  it('says so, not judging Clerk as the page, when even a fetch gets the handshake', async () => {
    const before = world.web.requests.length
    const results = await world.run({ url: 'https://always-handshake.example/' }, { secretKey: null })
    const shipped = results.find(r => r.id === 'deploy.publishable-key')
    expect(shipped).toMatchObject({ status: 'error' })
    expect(shipped?.message).toContain("answers with Clerk's handshake on clerk.example.com")
    // Only deploy.server-key follows the handshake there; no page probe asks the Frontend API for a page.
    const atClerk = world.web.requests.slice(before).filter(r => r.host === 'clerk.example.com')
    expect(atClerk.every(r => r.path === '/v1/client/handshake')).toBe(true)
  })

  it('is softened before the deploy, and runs through the bundled action', async () => {
    const run = await world.action({ url: 'https://example.com/', 'protected-paths': '/dashboard\n/settings' })
    const found = run.report?.checks.filter(c => c.id === 'deploy.middleware').map(c => `${c.subject} ${c.status}`)
    expect(found).toEqual([
      'https://example.com/ pass',
      'https://example.com/dashboard pass',
      'https://example.com/settings fail',
    ])
    const before = await middleware('example.com', { 'protected-paths': '/settings', phase: 'before-deploy' })
    expect(before[1]).toMatchObject({ status: 'warn', evidence: { unsoftenedStatus: 'fail' } })
  })
})

describe('deploy.middleware on answers met in the wild (pure)', () => {
  const plan = (instanceType: 'production' | 'development' = 'production') =>
    ({ environment: { name: 'production', instanceType }, url: 'https://example.com/' }) as unknown as Plan
  const probes = (url: string, ...hops: Hop[]): PathProbes => ({ url, document: answered(url, ...hops) })

  it("quotes, bounded, a reason Clerk's SDK does not give", () => {
    const reason = 'x'.repeat(5000)
    const found = judgePage(
      plan(),
      probes(
        'https://example.com/',
        hop('https://example.com/', 200, { 'x-clerk-auth-status': 'signed-out', 'x-clerk-auth-reason': reason }),
      ),
    )
    expect(found.status).toBe('pass')
    expect(found.message.length).toBeLessThan(400)
    expect(found.message).toContain('(5000 characters)')
  })

  it('warns, with the fix, on a reason a request without cookies should not meet', () => {
    const found = judgePage(
      plan(),
      probes(
        'https://example.com/',
        hop('https://example.com/', 200, {
          'x-clerk-auth-status': 'signed-out',
          'x-clerk-auth-reason': 'unexpected-error',
        }),
      ),
    )
    expect(found).toMatchObject({ status: 'warn' })
    expect(found.message).toContain('should not meet `unexpected-error`')
    expect(found.fix).toContain('CLERK_SECRET_KEY')
  })

  it("takes a 401 without Clerk's headers for a login in front of the app, and a 401 with them for a refusal", () => {
    const vercel = judgeProtectedPath(
      plan(),
      probes('https://example.com/dashboard', hop('https://example.com/dashboard', 401, { server: 'Vercel' })),
    )
    expect(vercel).toMatchObject({ status: 'warn' })
    expect(vercel.message).toContain("Vercel's Deployment Protection")
    const refused = judgeProtectedPath(
      plan(),
      probes(
        'https://example.com/api/private',
        hop('https://example.com/api/private', 401, { 'x-clerk-auth-status': 'signed-out' }),
      ),
    )
    expect(refused).toMatchObject({ status: 'pass' })
  })

  it('fails a protected path a redirect serves under another URL (a locale prefix), and passes one to sign-in', () => {
    const signedOut = { 'x-clerk-auth-status': 'signed-out' }
    const localized = judgeProtectedPath(
      plan(),
      probes(
        'https://example.com/dashboard',
        hop('https://example.com/dashboard', 307, { ...signedOut, location: '/en/dashboard' }),
        hop('https://example.com/en/dashboard', 200, signedOut),
      ),
    )
    expect(localized).toMatchObject({ status: 'fail' })
    expect(localized.message).toContain('is served to a signed-out browser')
    expect(localized.fix).toContain('auth.protect()')
    expect(localized.fix).toContain('at the top of the page')
    const toSignIn = judgeProtectedPath(
      plan(),
      probes(
        'https://example.com/dashboard',
        hop('https://example.com/dashboard', 307, { ...signedOut, location: '/sign-in?redirect_url=%2Fdashboard' }),
        hop('https://example.com/sign-in?redirect_url=%2Fdashboard', 200, signedOut),
      ),
    )
    expect(toSignIn).toMatchObject({ status: 'pass' })
  })

  it('names every step of a loop through several paths, and warns on a 404 Clerk did not mark', () => {
    const looped = probes(
      'https://example.com/a',
      hop('https://example.com/a', 302, { location: '/b' }),
      hop('https://example.com/b', 302, { location: '/a' }),
    )
    if (looped.document.ok)
      looped.document.loop = ['https://example.com/a', 'https://example.com/b', 'https://example.com/a']
    const found = judgeProtectedPath(plan(), looped)
    expect(found).toMatchObject({ status: 'fail' })
    expect(found.message).toContain('https://example.com/a → https://example.com/b → https://example.com/a')
    const missing = judgeProtectedPath(
      plan(),
      probes('https://example.com/gone', hop('https://example.com/gone', 404, { 'x-clerk-auth-status': 'signed-out' })),
    )
    expect(missing).toMatchObject({ status: 'warn' })
  })

  it('is an error, never a fail, when the app gives no answer', () => {
    const found = judgePage(plan(), {
      url: 'https://example.com/',
      document: { ok: false, kind: 'timeout', detail: 'https://example.com/ did not answer within 2000 ms' },
    })
    expect(found).toMatchObject({ status: 'error' })
  })
})
