import { allowedOriginOf, listedAs } from '../../src/clerk/allowed-origins.js'
import type { CheckResult } from '../../src/report/model.js'
import { present } from '../../src/render/presentation.js'
import { productionDomain, startClerkStandIn, type ClerkStandIn } from '../../test-support/clerk-server.js'
import { PK_LIVE, PK_TEST, SK_LIVE, SK_TEST } from '../../test-support/keys.js'
import { runScenario } from '../../test-support/scenario.js'

// In process, through the real loopback stand-in of Clerk's Backend API (GET /v1/instance in the shape of Clerk's
// OpenAPI spec: allowed_origins an array or null), with the inputs and the file parsed as a run parses them.

let clerk: ClerkStandIn | undefined

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'

async function run(
  allowed: string[] | null,
  options: { inputs?: Record<string, string>; config?: string; production?: boolean; secretKey?: string } = {},
) {
  const live = options.production ?? true
  clerk = await startClerkStandIn({
    secretKey: live ? SK_LIVE : SK_TEST,
    environmentType: live ? 'production' : 'development',
    domains: live ? [productionDomain('example.com')] : [],
    allowedOrigins: allowed,
  })
  const { outcome, results } = await runScenario({
    inputs: { environment: live ? 'production' : 'preview', ...options.inputs },
    config: options.config,
    secretKey: options.secretKey ?? (live ? SK_LIVE : SK_TEST),
    env: { CLERK_PUBLISHABLE_KEY: live ? PK_LIVE : PK_TEST, CLERK_API_URL: clerk.url },
  })
  const found = results.filter(r => r.id === 'clerk.allowed-origins')
  return { outcome, results, found, of: (s: string) => found.find(r => r.subject === s) as CheckResult }
}

describe('clerk.allowed-origins', () => {
  it("passes when the instance allows every origin named, asking Clerk's Backend API once", async () => {
    const { found } = await run([EXTENSION, 'capacitor://localhost', 'http://localhost:3000'], {
      inputs: { 'allowed-origins': `${EXTENSION}, capacitor://localhost` },
    })
    expect(found.map(r => [r.subject, r.status])).toEqual([
      [EXTENSION, 'pass'],
      ['capacitor://localhost', 'pass'],
    ])
    expect(clerk!.requests.filter(r => r.path === '/v1/instance')).toHaveLength(1)
  })

  it('fails an origin the instance does not allow, with the whole list corrected to send', async () => {
    const { found, of, results } = await run(['http://localhost:3000'], {
      inputs: { 'allowed-origins': `${EXTENSION}\ncapacitor://localhost` },
    })
    expect(found.map(r => r.status)).toEqual(['fail', 'fail'])
    expect(of(EXTENSION).message).toContain(`do not include ${EXTENSION}`)
    expect(of(EXTENSION).fixParts?.list).toEqual({
      name: 'allowed_origins',
      add: [EXTENSION],
      corrected: ['http://localhost:3000', EXTENSION, 'capacitor://localhost'],
      apply: expect.stringContaining(`PATCH ${clerk!.url}/v1/instance`),
    })
    expect(of('capacitor://localhost').fixParts?.list).toEqual({
      name: 'allowed_origins',
      add: ['capacitor://localhost'],
    })
    // Told as one problem: the list to send, each origin it adds marked.
    const problems = present({ checks: results } as never).problems.filter(p => p.ids.includes('clerk.allowed-origins'))
    expect(problems).toHaveLength(1)
    expect(problems[0]?.block?.text).toBe(
      `allowed_origins: [\n  "http://localhost:3000",\n  "${EXTENSION}",\n  "capacitor://localhost",\n]`,
    )
  })

  it('fails on a development instance too, whose list is null', async () => {
    const { of } = await run(null, { production: false, inputs: { 'allowed-origins': EXTENSION } })
    expect(of(EXTENSION)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('allowed_origins is empty'),
    })
    expect(of(EXTENSION).fixParts?.list?.corrected).toEqual([EXTENSION])
  })

  it('reads the file, and takes origins as a browser sends them: case and a trailing slash do not matter', async () => {
    const { found, outcome } = await run([EXTENSION], {
      config: `allowed-origins:\n  - ${EXTENSION.toUpperCase().replace('CHROME-EXTENSION', 'Chrome-Extension')}/\n`,
    })
    expect(outcome.ok && outcome.plan.allowedOrigins).toEqual({
      value: [EXTENSION],
      source: '.github/clerk-preflight.yml',
    })
    expect(found).toEqual([expect.objectContaining({ subject: EXTENSION, status: 'pass' })])
  })

  it('warns when the instance lists the origin only written otherwise, with the entry to replace', async () => {
    const { of } = await run([`${EXTENSION.toUpperCase()}/`, 'capacitor://localhost'], {
      inputs: { 'allowed-origins': EXTENSION },
    })
    expect(of(EXTENSION)).toMatchObject({ status: 'warn' })
    expect(of(EXTENSION).fixParts?.list).toMatchObject({
      remove: [`${EXTENSION.toUpperCase()}/`],
      add: [EXTENSION],
      corrected: ['capacitor://localhost', EXTENSION],
    })
  })

  it('refuses what is not an origin, naming the field', async () => {
    const { outcome, found } = await run([], {
      inputs: { 'allowed-origins': 'chrome-extension://<YOUR_EXTENSION_KEY>, https://example.com/app' },
    })
    expect(outcome.ok).toBe(false)
    const problems = outcome.ok ? [] : outcome.problems
    expect(problems.map(p => p.problem).join('\n')).toContain('is not an origin like chrome-extension://')
    expect(problems.map(p => p.problem).join('\n')).toContain('"https://example.com/app"')
    expect(found.every(r => r.status === 'skip')).toBe(true)
  })

  it('skips without allowed-origins, and without a secret key', async () => {
    const none = await run([EXTENSION])
    expect(none.found).toEqual([expect.objectContaining({ subject: 'allowed-origins', status: 'skip' })])
    expect(clerk!.requests.filter(r => r.path === '/v1/instance')).toHaveLength(1) // clerk.api's question only
    clerk = await startClerkStandIn({ secretKey: SK_LIVE, environmentType: 'production', domains: [] })
    const { results } = await runScenario({
      inputs: { environment: 'production', 'allowed-origins': EXTENSION },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url },
    })
    expect(results.find(r => r.id === 'clerk.allowed-origins')).toMatchObject({ subject: 'secret-key', status: 'skip' })
  })

  it('is an error when Clerk fails, refuses the key, or answers a shape it does not document, and says so', async () => {
    clerk = await startClerkStandIn({ secretKey: SK_LIVE, environmentType: 'production', domains: [] })
    clerk.fail({ path: '/v1/instance', status: 500, times: 2 })
    const inputs = { environment: 'production', 'allowed-origins': EXTENSION }
    const env = { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url }
    const down = await runScenario({ inputs, env, secretKey: SK_LIVE })
    expect(down.results.find(r => r.id === 'clerk.allowed-origins')).toMatchObject({
      status: 'error',
      message: expect.stringContaining('answered 500, twice'),
    })
    const refused = await runScenario({ inputs, env, secretKey: 'sk_live_FAKEotherKEY000notreal0000FAKEotherKEY0' })
    expect(refused.results.find(r => r.id === 'clerk.allowed-origins')).toMatchObject({
      status: 'error',
      message: expect.stringContaining('Clerk refused the secret key'),
    })
    clerk.fail({ path: '/v1/instance', body: '{"object":"instance","allowed_origins":"chrome-extension://x"}' })
    const odd = await runScenario({ inputs, env, secretKey: SK_LIVE })
    expect(odd.results.find(r => r.id === 'clerk.allowed-origins')).toMatchObject({
      status: 'error',
      message: expect.stringContaining('neither a list nor null'),
    })
  })
})

describe('reading allowed origins', () => {
  it('writes each origin as a browser sends it, and refuses the rest', () => {
    expect(allowedOriginOf(' HTTP://LocalHost:3000/ ')).toBe('http://localhost:3000')
    expect(allowedOriginOf('https://example.com:443')).toBe('https://example.com')
    expect(allowedOriginOf('Capacitor://localhost')).toBe('capacitor://localhost')
    expect(allowedOriginOf('moz-extension://0b7a4bd1-39f9-4a5b-a3b0-ccbb5a5e7f21')).toBe(
      'moz-extension://0b7a4bd1-39f9-4a5b-a3b0-ccbb5a5e7f21',
    )
    expect(allowedOriginOf('chrome-extension://abcdefghijklmnopabcdefghijklmnoq')).toHaveProperty('problem')
    expect(allowedOriginOf('chrome-extension://')).toHaveProperty('problem')
    expect(allowedOriginOf('capacitor://localhost/index.html')).toHaveProperty('problem')
    expect(allowedOriginOf('localhost:3000')).toHaveProperty('problem')
    expect(allowedOriginOf(`chrome-extension://${'a'.repeat(100_000)}`)).toHaveProperty('problem')
  })

  it('tells an exact entry from one written otherwise', () => {
    expect(listedAs(EXTENSION, [EXTENSION])).toEqual({ exact: true })
    expect(listedAs(EXTENSION, ['x', `${EXTENSION}/`])).toEqual({ written: `${EXTENSION}/` })
    expect(listedAs(EXTENSION, ['capacitor://localhost'])).toBeUndefined()
  })
})
