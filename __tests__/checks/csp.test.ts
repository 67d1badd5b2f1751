import { frontendApiOrigin } from '../../src/checks/csp.js'
import type { CheckPlan } from '../../src/checks/shared/check.js'
import { parsePublishableKey, type PublishableKey } from '../../src/clerk/keys.js'
import { startClerkStandIn } from '../../test-support/clerk-server.js'
import { startHttpServer, type HttpTestServer } from '../../test-support/http-server.js'
import { PK_LIVE, SK_LIVE } from '../../test-support/keys.js'
import { only, runScenario } from '../../test-support/scenario.js'

const FAPI = 'https://clerk.example.com'
/** A policy written from Clerk's CSP guide, for FAPI. */
const GOOD = [
  "default-src 'self'",
  `script-src 'self' ${FAPI} https://challenges.cloudflare.com https://*.protect.clerk.com`,
  `connect-src 'self' ${FAPI} https://*.protect.clerk.com:*`,
  "img-src 'self' https://img.clerk.com",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  'frame-src https://challenges.cloudflare.com https://*.protect.clerk.com',
].join('; ')

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
      '/next-meta': {
        body: `<html><head><meta http-equiv="Content-Security-Policy" content="${GOOD.replace(/'/g, '&#x27;')}"/></head></html>`,
      },
      '/header-and-meta': {
        headers: { 'content-security-policy': GOOD },
        body: `<html><head><meta http-equiv="Content-Security-Policy" content="img-src 'self'"></head></html>`,
      },
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

  it("takes a satellite's page to talk to clerk.<satellite> (Clerk's SDK: parsePublishableKey with isSatellite)", () => {
    const publishableKey = { value: PK_LIVE, source: 'x', parsed: parsePublishableKey(PK_LIVE) as PublishableKey }
    const given = { plan: { satellites: ['example.net'] } as CheckPlan, publishableKey, frontendApi: FAPI }
    expect(frontendApiOrigin(given, 'shop.example.net')).toBe('https://clerk.example.net')
    expect(frontendApiOrigin(given, 'example.com')).toBe(FAPI)
    const proxied = { ...given.plan, proxyUrl: 'https://example.com/__clerk' }
    expect(frontendApiOrigin({ ...given, plan: proxied }, 'example.net')).toBe('https://example.com')
  })

  it('reads a meta policy when there is no header', async () => {
    const r = await csp('/meta')
    expect(r).toMatchObject({ status: 'fail', evidence: { from: 'meta' } })
    expect(r.message).toContain('`img-src` does not allow `https://img.clerk.com`')
  })

  it("decodes a meta policy as the browser does: the guide's policy written by Next.js passes (issue 13)", async () => {
    expect(await csp('/next-meta')).toMatchObject({ status: 'pass', evidence: { from: 'meta' } })
  })

  it('enforces a meta policy beside the header, as browsers do', async () => {
    const r = await csp('/header-and-meta')
    expect(r).toMatchObject({ status: 'fail', evidence: { from: 'header and meta' } })
    expect(r.message).toContain('`img-src` does not allow `https://img.clerk.com`')
  })

  it("requires Billing's and One Tap's hosts when Clerk's Frontend API says they are on", async () => {
    const clerk = await startClerkStandIn({
      secretKey: SK_LIVE,
      environmentType: 'production',
      domains: [],
      billing: true,
      googleOneTapClientId: 'fake-client.apps.googleusercontent.com',
    })
    try {
      const { results } = await runScenario({
        inputs: { environment: 'production', url: `${web.origin}/good` },
        env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url, CLERK_FAPI_URL: clerk.url },
        secretKey: SK_LIVE,
      })
      const r = only(results, 'csp')
      expect(r).toMatchObject({
        status: 'fail',
        evidence: { instanceFeatures: { known: { billing: true, googleOneTap: true } } },
      })
      expect(r.fix).toContain('Add to `script-src`: `https://js.stripe.com https://accounts.google.com/gsi/client`')
    } finally {
      await clerk.close()
    }
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
    expect(r.message).toContain('refused the connection')
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
