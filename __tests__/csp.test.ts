import { effectiveDirective, metaPolicy, missingForClerk, parsePolicies, sourceMatches } from '../src/web/csp-policy.js'
import { startHttpServer, type HttpTestServer } from '../test-support/http-server.js'
import { PK_LIVE } from '../test-support/keys.js'
import { only, runScenario } from '../test-support/scenario.js'

const self = new URL('https://example.com/')
const FAPI = 'https://clerk.example.com'
const GOOD = [
  "default-src 'self'",
  `script-src 'self' ${FAPI} https://challenges.cloudflare.com https://*.protect.clerk.com`,
  `connect-src 'self' ${FAPI} https://*.protect.clerk.com:*`,
  "img-src 'self' https://img.clerk.com",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  'frame-src https://challenges.cloudflare.com https://*.protect.clerk.com',
].join('; ')

const missing = (header: string) =>
  parsePolicies(header)
    .flatMap(p => missingForClerk(p, FAPI, self))
    .map(m => `${m.directive} ${m.source}`)

describe('CSP source matching (CSP3)', () => {
  it.each([
    ['https://clerk.example.com', 'https://clerk.example.com/v1/client', true],
    ['clerk.example.com', 'https://clerk.example.com/x', true],
    ['http://clerk.example.com', 'https://clerk.example.com/x', true],
    ['https://clerk.example.com', 'http://clerk.example.com/x', false],
    ['https://*.example.com', 'https://clerk.example.com/', true],
    ['https://*.example.com', 'https://example.com/', false],
    ['https://*.protect.clerk.com', 'https://a.protect.clerk.com:8443/', false],
    ['https://*.protect.clerk.com:*', 'https://a.protect.clerk.com:8443/', true],
    ['https://clerk.example.com:443', 'https://clerk.example.com/', true],
    ['https://clerk.example.com/npm/', 'https://clerk.example.com/npm/clerk.js', true],
    ['https://clerk.example.com/other', 'https://clerk.example.com/npm/clerk.js', false],
    ['https:', 'https://anything.example/', true],
    ['*', 'https://anything.example:9999/', true],
    ['*', 'blob:https://example.com/uuid', false],
    ['blob:', 'blob:https://example.com/uuid', true],
    ["'self'", 'https://example.com/worker.js', true],
    ["'self'", 'blob:https://example.com/uuid', false],
    ["'unsafe-inline'", 'https://example.com/', false],
  ])('%s against %s: %s', (source, url, expected) => {
    expect(sourceMatches(source, new URL(url), self)).toBe(expected)
  })
})

describe('what Clerk needs', () => {
  it('finds nothing missing in a policy written from the guide', () => {
    expect(missing(GOOD)).toEqual([])
  })

  it('falls back to default-src, and reports the directive to add', () => {
    expect(missing("default-src 'self'")).toEqual([
      `script-src ${FAPI}`,
      'script-src https://challenges.cloudflare.com',
      'script-src https://*.protect.clerk.com',
      `connect-src ${FAPI}`,
      'connect-src https://*.protect.clerk.com:*',
      'img-src https://img.clerk.com',
      'worker-src blob:',
      'frame-src https://challenges.cloudflare.com',
      'frame-src https://*.protect.clerk.com',
      "style-src 'unsafe-inline'",
    ])
  })

  it('knows that worker-src falls back to script-src, and frame-src to child-src', () => {
    const withChild = parsePolicies(
      "default-src 'none'; script-src 'self' blob:; child-src https://challenges.cloudflare.com",
    )[0]!
    expect(effectiveDirective(withChild, 'worker-src')).toBe('child-src')
    expect(effectiveDirective(withChild, 'frame-src')).toBe('child-src')
    expect(effectiveDirective(withChild, 'img-src')).toBe('default-src')
    const withoutChild = parsePolicies("default-src 'none'; script-src 'self' blob:")[0]!
    expect(effectiveDirective(withoutChild, 'worker-src')).toBe('script-src')
    expect(effectiveDirective(withoutChild, 'frame-src')).toBe('default-src')
  })

  it('needs the port wildcard for protect in connect-src', () => {
    expect(missing(GOOD.replace('https://*.protect.clerk.com:*', 'https://*.protect.clerk.com'))).toEqual([
      'connect-src https://*.protect.clerk.com:*',
    ])
  })

  it("accepts a nonce with 'strict-dynamic' instead of script hosts, and refuses 'strict-dynamic' alone", () => {
    const withNonce = GOOD.replace(/script-src [^;]+/, "script-src 'nonce-abc123' 'strict-dynamic'")
    expect(missing(withNonce)).toEqual([])
    const alone = GOOD.replace(/script-src [^;]+/, "script-src 'strict-dynamic'")
    expect(missing(alone)).toEqual(["script-src 'nonce-…'"])
  })

  it("notices that a hash makes 'unsafe-inline' ineffective only where it matters", () => {
    expect(missing(GOOD.replace("style-src 'self' 'unsafe-inline'", "style-src 'self'"))).toEqual([
      "style-src 'unsafe-inline'",
    ])
    expect(missing(GOOD.replace("style-src 'self' 'unsafe-inline'", "style-src 'self' 'nonce-xyz'"))).toEqual([])
  })

  it('checks every policy of a header with several', () => {
    expect(missing(`${GOOD}, img-src 'none'`)).toEqual(['img-src https://img.clerk.com'])
  })

  it('treats no restricting directive as no restriction', () => {
    expect(missing("frame-ancestors 'none'; form-action 'self'")).toEqual([])
  })

  it('reads the policy of a meta element', () => {
    expect(
      metaPolicy(
        `<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="img-src 'none'"></head>`,
      ),
    ).toBe("img-src 'none'")
    expect(metaPolicy(`<meta content='default-src &amp; x' HTTP-EQUIV=content-security-policy>`)).toBe(
      'default-src & x',
    )
    expect(metaPolicy('<meta name="viewport" content="width=device-width">')).toBeUndefined()
  })
})

describe('the csp check, against a web server on loopback', () => {
  let web: HttpTestServer
  beforeAll(async () => {
    web = await startHttpServer({
      '/good': { headers: { 'content-security-policy': GOOD } },
      '/none': {},
      '/strict': { headers: { 'content-security-policy': "default-src 'self'" } },
      '/moved': { status: 302, headers: { location: '/strict' } },
      '/meta': {
        body: `<html><head><meta http-equiv="Content-Security-Policy" content="img-src 'self'"></head><body></body></html>`,
      },
      '/report-only': { headers: { 'content-security-policy-report-only': "default-src 'none'" } },
      '/hang': { stall: true },
      '/late-meta': {
        body: `<html><head>${'<meta name="x" content="y">'.repeat(40_000)}<meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head></html>`,
      },
    })
  })
  afterAll(() => web.close())

  const csp = async (path: string, pageTimeoutMs = 2000) =>
    only(
      (
        await runScenario({
          inputs: { environment: 'production', url: `${web.origin}${path}` },
          env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
          pageTimeoutMs,
        })
      ).results,
      'csp',
    )

  it('warns that a long <head> was cut short before any policy, never "no Content-Security-Policy" (issue 15)', async () => {
    const r = await csp('/late-meta')
    expect(r.status).toBe('warn')
    expect(r.message).toContain('goes on past the first 256 KiB read without a <meta> policy')
  })

  it('quotes the URL without its credentials or query', async () => {
    const url = new URL(`${web.origin}/good`)
    url.username = 'deploy'
    url.password = 'hunter2'
    url.search = '?x-vercel-protection-bypass=TOKEN'
    const r = only(
      (
        await runScenario({
          inputs: { environment: 'production', url: url.toString() },
          env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
        })
      ).results,
      'csp',
    )
    expect(r.subject).toBe(`${web.origin}/good`)
    expect(r.status).toBe('pass')
    expect(JSON.stringify(r)).not.toMatch(/hunter2|TOKEN|deploy:/)
  })

  it('passes a policy that allows Clerk', async () => {
    expect(await csp('/good')).toMatchObject({ status: 'pass', evidence: { from: 'header', frontendApi: FAPI } })
  })

  it('passes a page without a policy', async () => {
    expect((await csp('/none')).message).toContain('has no Content-Security-Policy')
  })

  it('follows redirects and fails a blocking policy, naming each directive to add', async () => {
    const r = await csp('/moved')
    expect(r).toMatchObject({ status: 'fail', evidence: { finalUrl: `${web.origin}/strict` } })
    expect(r.message).toContain('`img-src` (through default-src) does not allow `https://img.clerk.com`')
    expect(r.fix).toContain(
      'Add to `script-src`: `https://clerk.example.com https://challenges.cloudflare.com https://*.protect.clerk.com`',
    )
  })

  it('reads a meta policy when there is no header', async () => {
    const r = await csp('/meta')
    expect(r).toMatchObject({ status: 'fail', evidence: { from: 'meta' } })
    expect(r.message).toContain('`img-src` does not allow `https://img.clerk.com`')
  })

  it('does not enforce a report-only policy, and says so', async () => {
    const r = await csp('/report-only')
    expect(r.status).toBe('pass')
    expect(r.message).toContain('Report-Only')
  })

  it('is an error, within its time bound, when the page never answers', async () => {
    const started = Date.now()
    const r = await csp('/hang', 500)
    expect(r.status).toBe('error')
    expect(r.message).toContain('did not answer within 500 ms')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('is an error when nothing listens', async () => {
    const closed = await startHttpServer({})
    await closed.close()
    const r = only(
      (
        await runScenario({
          inputs: { environment: 'production', url: `${closed.origin}/` },
          env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
        })
      ).results,
      'csp',
    )
    expect(r.status).toBe('error')
    expect(r.message).toContain('ECONNREFUSED')
  })

  it('skips without a url', async () => {
    expect(
      only(
        (await runScenario({ inputs: { environment: 'production' }, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })).results,
        'csp',
      ).status,
    ).toBe('skip')
  })
})
