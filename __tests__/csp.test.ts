import {
  effectiveDirective,
  metaPolicies,
  missingForClerk,
  parseMetaPolicy,
  parsePolicies,
  sourceMatches,
  type InstanceFeatures,
} from '../src/web/csp-policy.js'
import { frontendApiOrigin } from '../src/checks/csp.js'
import type { CheckPlan } from '../src/checks/shared/check.js'
import { parsePublishableKey, type PublishableKey } from '../src/clerk/keys.js'
import { startClerkStandIn } from '../test-support/clerk-server.js'
import { startHttpServer, type HttpTestServer } from '../test-support/http-server.js'
import { PK_LIVE, SK_LIVE } from '../test-support/keys.js'
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

const missing = (header: string, features: InstanceFeatures = {}) =>
  parsePolicies(header)
    .flatMap(p => missingForClerk(p, FAPI, self, features))
    .map(m => `${m.directive} ${m.source}${m.severity === 'warn' ? ' (warn)' : ''}`)

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

  // Clerk's CSP guide: style-src needs 'unsafe-inline' (runtime CSS-in-JS). CSP3 §6.7.3.3: beside a nonce or hash,
  // 'unsafe-inline' is ignored, and an attribute can carry no nonce.
  it("fails styles without 'unsafe-inline' or a nonce, and warns when a nonce lets elements in but not attributes", () => {
    expect(missing(GOOD.replace("style-src 'self' 'unsafe-inline'", "style-src 'self'"))).toEqual([
      "style-src 'unsafe-inline'",
    ])
    expect(missing(GOOD.replace("style-src 'self' 'unsafe-inline'", "style-src 'self' 'nonce-xyz'"))).toEqual([
      "style-src-attr 'unsafe-inline' (warn)",
    ])
    expect(
      missing(GOOD.replace("style-src 'self' 'unsafe-inline'", "style-src 'self' 'nonce-xyz' 'unsafe-inline'")),
    ).toEqual(["style-src-attr 'unsafe-inline' (warn)"])
    expect(
      missing(
        GOOD.replace(
          "style-src 'self' 'unsafe-inline'",
          "style-src 'self' 'nonce-xyz'; style-src-attr 'unsafe-inline'",
        ),
      ),
    ).toEqual([])
  })

  it('evaluates script-src-elem and style-src-elem before script-src and style-src, naming the directive present', () => {
    // script-src allows Clerk, but script-src-elem, which governs <script> elements, does not.
    expect(missing(`${GOOD}; script-src-elem 'self'`)).toEqual([
      `script-src-elem ${FAPI}`,
      'script-src-elem https://challenges.cloudflare.com',
      'script-src-elem https://*.protect.clerk.com',
    ])
    // And the other way round: script-src is strict, script-src-elem lets Clerk's scripts in.
    const elemOnly = GOOD.replace(/script-src [^;]+/, "script-src 'self'").concat(
      `; script-src-elem 'self' ${FAPI} https://challenges.cloudflare.com https://*.protect.clerk.com`,
    )
    expect(missing(elemOnly)).toEqual([])
    expect(missing(`${GOOD}; style-src-elem 'self'`)).toEqual(["style-src-elem 'unsafe-inline'"])
  })

  // Billing's hosts: the `default` configuration in Clerk's CSP guide; One Tap's: Google Identity Services' CSP guide.
  it("requires Billing's Stripe hosts and Google One Tap's only when the instance has them on", () => {
    expect(missing(GOOD, { billing: false, googleOneTap: false })).toEqual([])
    expect(missing(GOOD, { billing: true })).toEqual([
      'script-src https://js.stripe.com',
      'connect-src https://api.stripe.com',
      'frame-src https://js.stripe.com',
      'frame-src https://*.js.stripe.com',
      'frame-src https://hooks.stripe.com',
    ])
    expect(missing(GOOD, { googleOneTap: true })).toEqual([
      'script-src https://accounts.google.com/gsi/client',
      'connect-src https://accounts.google.com/gsi/',
      'frame-src https://accounts.google.com/gsi/',
    ])
    const withBoth = GOOD.replace(
      'script-src ',
      'script-src https://js.stripe.com https://accounts.google.com/gsi/client ',
    )
      .replace('connect-src ', 'connect-src https://api.stripe.com https://accounts.google.com/gsi/ ')
      .replace(
        'frame-src ',
        'frame-src https://*.js.stripe.com https://js.stripe.com https://hooks.stripe.com https://accounts.google.com/gsi/ ',
      )
    expect(missing(withBoth, { billing: true, googleOneTap: true })).toEqual([])
  })

  it('checks every policy of a header with several', () => {
    expect(missing(`${GOOD}, img-src 'none'`)).toEqual(['img-src https://img.clerk.com'])
  })

  it('treats no restricting directive as no restriction', () => {
    expect(missing("frame-ancestors 'none'; form-action 'self'")).toEqual([])
  })

  it('reads every meta policy, decoded as HTML decodes attributes', () => {
    expect(
      metaPolicies(
        `<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="img-src 'none'"></head>`,
      ),
    ).toEqual(["img-src 'none'"])
    expect(metaPolicies(`<meta content='default-src &amp; x' HTTP-EQUIV=content-security-policy>`)).toEqual([
      'default-src & x',
    ])
    // React and Next.js write ' as &#x27;; numeric, named and hex forms all decode.
    expect(
      metaPolicies(
        `<meta http-equiv="Content-Security-Policy" content="script-src &#x27;self&#x27; &apos;nonce-a&apos; &#39;unsafe-eval&#39;"/>` +
          `<meta http-equiv="content-security-policy" content="img-src https://img.clerk.com">`,
      ),
    ).toEqual(["script-src 'self' 'nonce-a' 'unsafe-eval'", 'img-src https://img.clerk.com'])
    expect(metaPolicies('<meta name="viewport" content="width=device-width">')).toEqual([])
  })

  it("finds nothing missing in the guide's policy as Next.js writes it into a meta element", () => {
    const html = `<meta http-equiv="Content-Security-Policy" content="${GOOD.replace(/'/g, '&#x27;')}"/>`
    const [text] = metaPolicies(html)
    expect(missingForClerk(parseMetaPolicy(text as string), FAPI, self)).toEqual([])
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
