import { devFrontendApiKind, domainFromFrontendApi, parsePublishableKey, parseSecretKey } from '../src/clerk/keys.js'
import { publishableKey, PK_LIVE, PK_TEST, SK_LIVE, SK_TEST, DEV_HOST } from '../test-support/keys.js'

const b64 = (text: string) => Buffer.from(text).toString('base64')

describe('parsePublishableKey', () => {
  it('decodes a live key to its Frontend API host', () => {
    expect(parsePublishableKey(PK_LIVE)).toEqual({
      ok: true,
      instanceType: 'production',
      prefix: 'pk_live_',
      frontendApi: 'clerk.example.com',
      legacy: false,
    })
  })

  // clerk/javascript packages/shared/src/keys.ts: isProductionFromPublishableKey / isDevelopmentFromPublishableKey
  // accept the legacy live_/test_ prefixes.
  it('reads a legacy live_/test_ publishable key, and still takes a legacy secret key for a secret key', () => {
    expect(parsePublishableKey(`live_${b64('clerk.example.com$')}`)).toEqual({
      ok: true,
      instanceType: 'production',
      prefix: 'live_',
      frontendApi: 'clerk.example.com',
      legacy: true,
    })
    expect(parsePublishableKey(`test_${b64(`${DEV_HOST}$`)}`)).toMatchObject({ ok: true, instanceType: 'development' })
    const secret = parsePublishableKey('test_FAKElegacyKEY0000notreal0000')
    expect(secret).toMatchObject({ ok: false, problem: 'is a secret key, not a publishable key' })
  })

  it('decodes a test key, with or without base64 padding', () => {
    const padded = `pk_test_${b64(`${DEV_HOST}$`)}`
    expect(padded.endsWith('=')).toBe(true)
    for (const key of [PK_TEST, padded]) {
      const parsed = parsePublishableKey(key)
      expect(parsed).toMatchObject({ ok: true, instanceType: 'development', frontendApi: DEV_HOST })
    }
  })

  it.each([
    ['no known prefix', 'pk_prod_' + b64('clerk.example.com$'), 'does not start with pk_live_ or pk_test_'],
    ['nothing after the prefix', 'pk_live_', 'has nothing after pk_live_'],
    // Buffer.from would skip "*" and "-" and decode the rest: the key must be refused, not silently repaired.
    [
      'characters outside base64',
      'pk_live_' + b64('clerk.example.com$').slice(0, 8) + '*' + b64('clerk.example.com$').slice(8),
      'not base64',
    ],
    [
      'base64url characters',
      'pk_test_' + b64('clerk.ex>?ample.com$').replace(/\+/g, '-').replace(/\//g, '_'),
      'not base64',
    ],
    ['no trailing $', 'pk_live_' + b64('clerk.example.com'), 'followed by "$"'],
    ['another $ inside', 'pk_live_' + b64('clerk.exa$mple.com$'), 'more than one'],
    ['not a hostname', 'pk_live_' + b64('not a host$'), 'not decode to a valid Frontend API hostname'],
    ['an upper-case host', 'pk_live_' + b64('Clerk.Example.com$'), 'not decode to a valid Frontend API hostname'],
    ['a cut-off key', PK_LIVE.slice(0, 13), ''],
    ['a trailing newline', PK_LIVE + '\n', 'whitespace'],
    ['a secret key in its place', SK_LIVE, 'is a secret key'],
  ])('refuses %s', (_name, key, problem) => {
    const parsed = parsePublishableKey(key)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.problem).toContain(problem)
      expect(parsed.fix.length).toBeGreaterThan(10)
    }
  })

  it('never quotes the key it refuses', () => {
    const parsed = parsePublishableKey(SK_LIVE)
    expect(JSON.stringify(parsed)).not.toContain(SK_LIVE.slice(8, 20))
  })
})

describe('parseSecretKey', () => {
  // Prefixes from clerk/javascript, packages/backend/src/tokens/machine.ts (API_KEY_PREFIX, M2M_TOKEN_PREFIX,
  // OAUTH_TOKEN_PREFIX).
  it.each([
    ['ak_FAKEapikey0000000000000000', 'a Clerk API key (ak_…'],
    ['mt_FAKEmachine000000000000000', 'a Clerk machine-to-machine token (mt_…)'],
    ['oat_FAKEoauth0000000000000000', 'a Clerk OAuth access token (oat_…)'],
  ])('names %s for what it is, not a malformed secret key', (key, what) => {
    const parsed = parseSecretKey(key)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.problem).toMatch(/^is .+, not an instance's secret key$/)
      expect(parsed.problem).toContain(what)
      expect(parsed.problem).not.toContain(key.slice(4))
    }
  })

  it('accepts current keys and tells their instance type', () => {
    expect(parseSecretKey(SK_LIVE)).toEqual({ ok: true, instanceType: 'production', prefix: 'sk_live_', legacy: false })
    expect(parseSecretKey(SK_TEST)).toEqual({
      ok: true,
      instanceType: 'development',
      prefix: 'sk_test_',
      legacy: false,
    })
  })

  it('accepts legacy live_/test_ keys and marks them legacy', () => {
    expect(parseSecretKey('live_FAKElegacy0000000000notreal')).toMatchObject({
      ok: true,
      instanceType: 'production',
      legacy: true,
    })
    expect(parseSecretKey('test_FAKElegacy0000000000notreal')).toMatchObject({
      ok: true,
      instanceType: 'development',
      legacy: true,
    })
  })

  it.each([
    ['a publishable key', PK_TEST, 'is a publishable key'],
    ['an unknown prefix', 'sk_prod_FAKE0000000000000000000', 'does not start with sk_live_ or sk_test_'],
    ['a short body', 'sk_test_abc', 'too short after sk_test_ (3 characters)'],
    ['quotes in the body', 'sk_test_"FAKE00000000000000000000"', 'never contain'],
    ['a leading space', ' ' + SK_TEST, 'whitespace'],
    ['an empty string', '', 'does not start with'],
  ])('refuses %s without quoting it', (_name, key, problem) => {
    const parsed = parseSecretKey(key)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toContain(problem)
    if (key.length > 12) expect(JSON.stringify(parsed)).not.toContain(key.slice(8, 20))
  })
})

describe('Frontend API hosts', () => {
  it.each([
    ['fake-owl-00.clerk.accounts.dev', 'current'],
    ['fake.accountsstage.dev', 'current'],
    ['x.accounts.lclclerk.com', 'current'],
    ['clerk.happy.hippo-1.lcl.dev', 'legacy'],
    ['clerk.example.com', undefined],
    ['accounts.dev.example.com', undefined],
  ])('%s is a development host: %s', (host, kind) => {
    expect(devFrontendApiKind(host)).toBe(kind)
  })

  it('derives the production domain from clerk.<domain> only', () => {
    expect(domainFromFrontendApi('clerk.example.com')).toBe('example.com')
    expect(domainFromFrontendApi('clerk.shop.example.co.uk')).toBe('shop.example.co.uk')
    expect(domainFromFrontendApi('auth.example.com')).toBeUndefined()
    expect(domainFromFrontendApi('clerk.com')).toBeUndefined()
    expect(domainFromFrontendApi('clerk.happy.hippo-1.lcl.dev')).toBeUndefined()
  })

  it('round-trips what the test helper builds', () => {
    expect(parsePublishableKey(publishableKey('live', 'clerk.xn--bcher-kva.example'))).toMatchObject({
      frontendApi: 'clerk.xn--bcher-kva.example',
    })
  })
})
