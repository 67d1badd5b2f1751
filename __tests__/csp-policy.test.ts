import {
  effectiveDirective,
  metaPolicies,
  missingForClerk,
  parseMetaPolicy,
  parsePolicies,
  sourceMatches,
  type InstanceFeatures,
} from '../src/web/csp-policy.js'

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
