import { jest } from '@jest/globals'
import { BYPASS_HEADER } from '../../src/web/deployment-protection.js'
import { MAX_HANDSHAKE_REQUESTS } from '../../src/web/handshake-follow.js'
import { PK_LIVE, PK_TEST } from '../../test-support/keys.js'
import { describeLive, wiredWorld } from '../../test-support/wired-world.js'
import { answered, hop } from '../../test-support/probe-answers.js'
import { parsePublishableKey } from '../../src/clerk/keys.js'
import { expectedHandshakeBases, judgeServerKey, type ServerKeyContext } from '../../src/checks/deploy-server-key.js'

/**
 * deploy.server-key against Next.js stand-ins whose server holds this instance's key, another's, a proxy's, or keys
 * of two instances; the handshake followed to the Frontend API stand-ins (test-support/next-app.ts) and back.
 */
describeLive('deploy.server-key', () => {
  const world = wiredWorld('deploy.server-key')
  const serverKey = (host: string, inputs: Record<string, string> = {}, key = PK_LIVE) =>
    world.check('deploy.server-key', host, { 'publishable-key': key, ...inputs })
  const asked = (host: string) => world.web.requests.filter(r => r.host === host)

  it("passes a server whose handshake goes to the configured key's Frontend API, with __client_uat and no session", async () => {
    const [result] = await serverKey('example.com')
    expect(result).toMatchObject({ subject: 'https://example.com/', status: 'pass' })
    expect(result?.message).toContain('handshake on https://clerk.example.com')
    expect(result?.message).toContain('client-uat-but-no-session-token')
    const first = asked('example.com').find(r => r.headers.cookie === '__client_uat=1')
    expect(first?.headers['sec-fetch-dest']).toBe('document')
  })

  it('follows the handshake as a browser: the Frontend API sets __clerk_handshake, the app accepts it, once', async () => {
    const before = asked('example.com').length
    const [result] = await serverKey('example.com')
    expect(result?.message).toContain('a browser that follows the handshake is answered 200 after 3 requests')
    // The second request to the page carries what a browser holds by then: Clerk's redirect count and the handshake.
    const back = asked('example.com')
      .slice(before)
      .filter(r => /__clerk_handshake=ey/.test(String(r.headers.cookie)))
    expect(back).toHaveLength(1)
    expect(back[0]?.headers.cookie).toContain('__clerk_redirect_count=1')
    // The Frontend API got none of the app's cookies.
    const handshakes = asked('clerk.example.com').filter(r => r.path.startsWith('/v1/client/handshake'))
    expect(handshakes.length).toBeGreaterThan(0)
    expect(handshakes.some(r => r.headers.cookie !== undefined)).toBe(false)
  })

  it("passes a development instance's chain, which comes back to the page twice (Clerk's dev flow)", async () => {
    const [result] = await serverKey('dev-key.example', { environment: 'preview' }, PK_TEST)
    expect(result).toMatchObject({ status: 'pass' })
    expect(result?.message).toContain('answered 200 after 4 requests')
  })

  it('fails keys of two instances at runtime: the handshake comes back to the page a third time', async () => {
    const before = asked('two-keys.example.com').length
    // What @clerk/backend logs, in the stand-in app, each time it cannot verify the handshake with its key.
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const [result] = await serverKey('two-keys.example.com')
    const said = logged.mock.calls.map(call => String(call[0]))
    logged.mockRestore()
    expect(said).toContain('Clerk: unable to resolve handshake:')
    expect(result).toMatchObject({ status: 'fail' })
    expect(result?.message).toContain('comes back to https://two-keys.example.com/ a third time')
    expect(result?.message).toContain('keys of two instances at runtime')
    expect(result?.fix).toContain('same instance')
    expect(result?.fix).toContain('clerk.example.com')
    // Three rounds, and the fourth, which Clerk would answer signed out, is not asked.
    const rounds = asked('two-keys.example.com')
      .slice(before)
      .filter(r => r.headers.cookie?.includes('__client_uat=1'))
    expect(rounds.map(r => r.headers.cookie?.match(/__clerk_redirect_count=\d/)?.[0] ?? 'none')).toEqual([
      'none',
      '__clerk_redirect_count=1',
      '__clerk_redirect_count=2',
    ])
  })

  it('finds a loop whose query changes every round, after the handshake', async () => {
    const [result] = await serverKey('query-loop.example.com')
    expect(result).toMatchObject({ status: 'fail' })
    expect(result?.message).toContain('comes back to https://query-loop.example.com/ a third time')
    expect(result?.message).toContain('after the handshake')
  })

  it('follows a chain that leaves for another host, sending it neither the bypass nor the cookies', async () => {
    const bypass = 'FAKEvercelBYPASSsecret000notreal'
    const [result] = await serverKey('hop-away.example.com', {}, PK_LIVE)
    expect(result).toMatchObject({ status: 'pass' })
    const withBypass = await world.check(
      'deploy.server-key',
      'hop-away.example.com',
      {},
      { vercelProtectionBypass: bypass },
    )
    expect(withBypass).toMatchObject([{ status: 'pass' }])
    expect(asked('hop-away.example.com').some(r => r.headers[BYPASS_HEADER] === bypass)).toBe(true)
    for (const host of ['elsewhere.example', 'clerk.example.com']) {
      expect(asked(host).some(r => r.headers[BYPASS_HEADER] !== undefined)).toBe(false)
    }
    expect(asked('elsewhere.example').some(r => r.headers.cookie !== undefined)).toBe(false)
  })

  it(`bounds an endless chain at ${MAX_HANDSHAKE_REQUESTS} requests, a warn`, async () => {
    const [result] = await serverKey('endless.example.com')
    expect(result).toMatchObject({ status: 'warn' })
    expect(result?.message).toContain('still being redirected')
    expect(asked('endless.example.com').length + asked('clerk.example.com').length).toBeLessThanOrEqual(
      MAX_HANDSHAKE_REQUESTS + 10,
    )
    expect(asked('endless.example.com').filter(r => /^\/\d+$/.test(r.path)).length).toBeLessThan(MAX_HANDSHAKE_REQUESTS)
  })

  it('passes a handshake to the proxy given in proxy-url, and fails it when the proxy is not the one given', async () => {
    const [proxied] = await serverKey('proxied.example', { 'proxy-url': 'https://proxied.example/__clerk' })
    expect(proxied).toMatchObject({ status: 'pass' })
    expect(proxied?.message).toContain('answered 200 after 3 requests')
    const [unexpected] = await serverKey('proxied.example')
    expect(unexpected?.status).toBe('fail')
  })

  it("fails a server on another instance's key while its build ships the right one, naming both hosts", async () => {
    const results = await world.run({ url: 'https://other-key.example/' }, { secretKey: null })
    const [result] = results.filter(r => r.id === 'deploy.server-key')
    expect(result).toMatchObject({ status: 'fail' })
    expect(result?.message).toContain('clerk.other-shop.com')
    expect(result?.message).toContain('https://clerk.example.com')
    expect(result?.fix).toContain('clerk.example.com')
    // The browser check sees the right key in the build.
    expect(results.find(r => r.id === 'deploy.publishable-key')?.status).toBe('pass')
  })

  it('skips a page Clerk does not answer', async () => {
    expect(await serverKey('static.example')).toMatchObject([{ status: 'skip' }])
  })

  it('fails the other instance and keys of two instances through the bundled action, exit 1', async () => {
    for (const host of ['other-key.example', 'two-keys.example.com']) {
      const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined)
      const run = await world.action({ url: `https://${host}/` }).finally(() => logged.mockRestore())
      expect(run.report?.checks.filter(c => c.id === 'deploy.server-key').map(c => c.status)).toEqual(['fail'])
      expect(run.outputs['failed-checks']).toContain('deploy.server-key')
      expect(run.code).toBe(1)
    }
  })
})

describe('deploy.server-key on answers met in the wild (pure)', () => {
  const context = (url: string) =>
    ({
      environment: { name: 'production', instanceType: 'production' as const },
      appUrl: url,
      publishableKey: { value: PK_LIVE, source: 'publishable-key', parsed: parsePublishableKey(PK_LIVE) },
    }) as unknown as ServerKeyContext

  it("takes @clerk/nextjs's own proxy on a per-deployment vercel.app URL for the key's Frontend API", () => {
    const url = 'https://shop-a1b2c3-team.vercel.app/'
    expect(expectedHandshakeBases(context(url), url)).toEqual([
      'https://clerk.example.com',
      'https://shop-a1b2c3-team.vercel.app/__clerk',
    ])
    const found = judgeServerKey(
      context(url),
      url,
      answered(
        url,
        hop(url, 307, {
          location:
            'https://shop-a1b2c3-team.vercel.app/__clerk/v1/client/handshake?__clerk_hs_reason=client-uat-but-no-session-token',
          'x-clerk-auth-status': 'handshake',
        }),
      ),
    )
    expect(found).toMatchObject({ status: 'pass' })
  })

  it('keeps the verdict on the key, saying so, when the handshake cannot be followed to its end', () => {
    const url = 'https://example.com/'
    const probe = answered(
      url,
      hop(url, 307, {
        location: 'https://clerk.example.com/v1/client/handshake?__clerk_hs_reason=client-uat-but-no-session-token',
        'x-clerk-auth-status': 'handshake',
      }),
    )
    const found = judgeServerKey(context(url), url, probe, {
      ok: false,
      kind: 'refused',
      detail: 'https://clerk.example.com/v1/client/handshake refused the connection',
      hops: [],
    })
    expect(found).toMatchObject({ status: 'pass' })
    expect(found.message).toContain('could not be followed to its end (https://clerk.example.com/v1/client/handshake')
  })

  it('warns when the middleware answers without a handshake: the key cannot be seen', () => {
    const url = 'https://example.com/'
    const found = judgeServerKey(
      context(url),
      url,
      answered(
        url,
        hop(url, 200, { 'x-clerk-auth-status': 'signed-out', 'x-clerk-auth-reason': 'session-token-missing' }),
      ),
    )
    expect(found).toMatchObject({ status: 'warn' })
    expect(found.message).toContain('session-token-missing')
  })
})
