import http from 'node:http'
import { shownInstanceType } from '../../src/clerk/api.js'
import type { AddressInfo } from 'node:net'
import type { CheckResult } from '../../src/report/model.js'
import {
  productionDomain,
  startClerkStandIn,
  type ClerkFault,
  type ClerkStandIn,
  type ClerkStandInOptions,
} from '../../test-support/clerk-server.js'
import { startDnsServer, type DnsTestServer } from '../../test-support/dns-server.js'
import { PK_LIVE, SK_LIVE } from '../../test-support/keys.js'
import { runScenario, type Scenario } from '../../test-support/scenario.js'
import { clerkZone } from '../../test-support/zones.js'

let dns: DnsTestServer
beforeAll(async () => {
  dns = await startDnsServer({ records: clerkZone('example.com') })
})
afterAll(() => dns.close())

let clerk: ClerkStandIn | undefined

async function withClerk(
  options: Partial<ClerkStandInOptions> & { faults?: ClerkFault[] } = {},
  scenario: Scenario = {},
) {
  clerk = await startClerkStandIn({
    secretKey: SK_LIVE,
    environmentType: 'production',
    domains: [productionDomain('example.com')],
    ...options,
  })
  for (const fault of options.faults ?? []) clerk.fail(fault)
  const { results } = await runScenario({
    secretKey: SK_LIVE,
    clerkApiMs: 300,
    ...scenario,
    inputs: {
      environment: 'production',
      'dns-servers': dns.address,
      'authorized-parties': 'https://example.com',
      ...scenario.inputs,
    },
    env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url, CLERK_FAPI_URL: clerk.url, ...scenario.env },
  })
  return results
}

const one = (results: CheckResult[], id: string, subject?: string) => {
  const found = results.filter(r => r.id === id && (subject === undefined || r.subject === subject))
  if (found.length !== 1) throw new Error(`${id}: ${found.length} results`)
  return found[0] as CheckResult
}

describe("Clerk's APIs", () => {
  it('confirm that the keys belong together, asking each endpoint once, with the secret only in the header', async () => {
    const results = await withClerk()
    expect(one(results, 'keys.pair').message).toContain(
      "the same production instance (confirmed by Clerk's Backend API)",
    )
    expect(one(results, 'keys.secret').message).toContain("accepted by Clerk's Backend API")
    expect(one(results, 'clerk.api')).toMatchObject({ status: 'pass' })
    const paths = clerk!.requests.map(r => r.path).sort()
    expect(paths).toEqual(['/v1/domains', '/v1/environment', '/v1/instance'])
    for (const r of clerk!.requests) {
      expect(r.path).not.toContain(SK_LIVE.slice(8, 20))
      expect(r.authorization).toBe(r.path === '/v1/environment' ? undefined : `Bearer ${SK_LIVE}`)
    }
  })

  it('fail keys.secret when the Backend API refuses the secret key', async () => {
    const results = await withClerk({ secretKey: 'sk_live_SOMEOTHERkey000000000000000000' })
    expect(one(results, 'keys.secret')).toMatchObject({ status: 'fail' })
    expect(one(results, 'keys.secret').message).toContain("Clerk's Backend API refused CLERK_SECRET_KEY (401)")
    expect(one(results, 'clerk.api').message).toContain('refused the secret key')
  })

  it('fail keys.pair when the secret key belongs to another instance', async () => {
    const results = await withClerk({ domains: [productionDomain('other.example')] })
    const r = one(results, 'keys.pair')
    expect(r.status).toBe('fail')
    expect(r.message).toContain(
      'serves its Frontend API at clerk.other.example, but the publishable key points at clerk.example.com',
    )
  })

  it("fail keys.pair when the instance's type contradicts the prefixes", async () => {
    expect(one(await withClerk({ environmentType: 'development' }), 'keys.pair').message).toContain(
      'Clerk says the secret key belongs to a development instance',
    )
  })

  it("fail keys.frontend-api when the Frontend API's instance type contradicts the key", async () => {
    clerk = await startClerkStandIn({
      secretKey: SK_LIVE,
      environmentType: 'development',
      domains: [productionDomain('example.com')],
    })
    const fapi = clerk
    const { results } = await runScenario({
      secretKey: SK_LIVE,
      inputs: { environment: 'production', 'dns-servers': dns.address, 'clerk-api': 'true' },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: 'http://127.0.0.1:9', CLERK_FAPI_URL: fapi.url },
    })
    expect(one(results, 'keys.frontend-api').message).toContain('says it serves a development instance')
  })

  it("take the records to check from Clerk's list: optional ones warn, required ones fail", async () => {
    const domain = productionDomain('example.com', 'ab12cd34ef56', [
      { host: 'clkmail2.example.com', value: 'mail2.ab12cd34ef56.clerk.services', required: true },
      { host: 'track.clkmail2.example.com', value: 'track.ab12cd34ef56.clerk.services', required: false },
    ])
    const results = await withClerk({ domains: [domain] })
    expect(one(results, 'dns.cname', 'clkmail2.example.com').status).toBe('fail')
    expect(one(results, 'dns.cname', 'track.clkmail2.example.com')).toMatchObject({ status: 'warn' })
    expect(one(results, 'dns.cname', 'track.clkmail2.example.com').message).toContain('as optional')
  })

  it('include satellites from the API', async () => {
    const satellite = {
      ...productionDomain('example.net'),
      is_satellite: true,
      cname_targets: [{ host: 'clerk.example.net', value: 'frontend-api.clerk.services', required: true }],
    }
    const results = await withClerk({ domains: [productionDomain('example.com'), satellite] })
    expect(one(results, 'dns.cname', 'clerk.example.net').status).toBe('fail')
  })

  it('say whether passkeys are on, when the input does not', async () => {
    const inputs = { 'app-origins': 'https://example.org' }
    expect(one(await withClerk({ passkeys: true }, { inputs }), 'passkeys.rp-id').status).toBe('fail')
    expect(one(await withClerk({ passkeys: false }, { inputs }), 'passkeys.rp-id').status).toBe('warn')
    expect(
      one(await withClerk({ passkeys: true }, { inputs: { ...inputs, passkeys: 'false' } }), 'passkeys.rp-id').status,
    ).toBe('warn')
  })

  it('fall back, with one warning, when Clerk answers 500', async () => {
    clerk = await startClerkStandIn({ secretKey: SK_LIVE, environmentType: 'production', domains: [] })
    for (const path of ['/v1/instance', '/v1/domains', '/v1/environment']) clerk.fail({ path, status: 500, times: 5 })
    const { results } = await runScenario({
      secretKey: SK_LIVE,
      inputs: { environment: 'production', 'dns-servers': dns.address },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url, CLERK_FAPI_URL: clerk.url },
    })
    expect(one(results, 'clerk.api')).toMatchObject({ status: 'warn' })
    expect(one(results, 'clerk.api').message).toContain('/v1/instance answered 500, twice')
    expect(one(results, 'keys.pair').message).toContain('by their prefixes')
    expect(one(results, 'keys.secret').status).toBe('pass')
    expect(results.filter(r => r.id === 'dns.cname')).toHaveLength(5)
    expect(clerk.requests.filter(r => r.path === '/v1/instance')).toHaveLength(2)
  })

  it('are an error, not a warning, when clerk-api is true', async () => {
    clerk = await startClerkStandIn({ secretKey: SK_LIVE, environmentType: 'production', domains: [] })
    clerk.fail({ path: '/v1/instance', status: 503, times: 5 })
    const { results } = await runScenario({
      secretKey: SK_LIVE,
      inputs: { environment: 'production', 'dns-servers': dns.address, 'clerk-api': 'true' },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url, CLERK_FAPI_URL: clerk.url },
    })
    expect(one(results, 'clerk.api').status).toBe('error')
  })

  it('get past a 429 with their retry', async () => {
    clerk = await startClerkStandIn({
      secretKey: SK_LIVE,
      environmentType: 'production',
      domains: [productionDomain('example.com')],
    })
    clerk.fail({ path: '/v1/domains', status: 429 })
    const { results } = await runScenario({
      secretKey: SK_LIVE,
      inputs: { environment: 'production', 'dns-servers': dns.address },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url, CLERK_FAPI_URL: clerk.url },
    })
    expect(one(results, 'clerk.api').status).toBe('pass')
  })

  it('give up on a stall within their deadline', async () => {
    clerk = await startClerkStandIn({ secretKey: SK_LIVE, environmentType: 'production', domains: [] })
    clerk.fail({ path: '/v1/instance', stall: true, times: 5 })
    const started = Date.now()
    const { results } = await runScenario({
      secretKey: SK_LIVE,
      clerkApiMs: 300,
      inputs: { environment: 'production', 'dns-servers': dns.address },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url, CLERK_FAPI_URL: clerk.url },
    })
    expect(one(results, 'clerk.api').message).toContain('did not answer within 300 ms, twice')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('are not asked with clerk-api: false, nor without a secret key on auto', async () => {
    clerk = await startClerkStandIn({ secretKey: SK_LIVE, environmentType: 'production', domains: [] })
    const env = { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url, CLERK_FAPI_URL: clerk.url }
    const off = await runScenario({
      secretKey: SK_LIVE,
      inputs: { environment: 'production', 'clerk-api': 'false', 'dns-servers': dns.address },
      env,
    })
    expect(one(off.results, 'clerk.api')).toMatchObject({
      status: 'skip',
      message: "Clerk's APIs were not asked: clerk-api is false",
    })
    const noKey = await runScenario({ inputs: { environment: 'production', 'dns-servers': dns.address }, env })
    expect(one(noKey.results, 'clerk.api').status).toBe('skip')
    expect(clerk.requests).toEqual([])
  })
})

describe("Clerk's APIs answering oddly (issue 15)", () => {
  it('a body past 2 MiB is not read further, and is said to be what it is', async () => {
    const results = await withClerk({ faults: [{ path: '/v1/instance', endless: true, times: 2 }] })
    expect(one(results, 'clerk.api')).toMatchObject({ status: 'warn' })
    expect(one(results, 'clerk.api').message).toContain('answered with more than 2 MiB')
  })

  it('a null body is "a shape this action does not know", not a TypeError', async () => {
    const results = await withClerk({ faults: [{ path: '/v1/domains', body: 'null', times: 2 }] })
    expect(one(results, 'clerk.api').message).toContain('/v1/domains answered in a shape this action does not know')
  })

  it('a key accepted for the instance and refused for the domains is a warning that says so', async () => {
    const results = await withClerk({ faults: [{ path: '/v1/domains', status: 401, times: 2 }] })
    expect(one(results, 'clerk.api').status).toBe('warn')
    expect(one(results, 'clerk.api').message).toMatch(
      /accepted the secret key for some requests and refused it for Backend API \(domains\)/,
    )
  })

  it('500 domains are cut to 25, and the cut is said', async () => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      ...productionDomain(`shop${i}.example`),
      is_satellite: i > 0,
    }))
    const results = await withClerk({ domains: many }, { inputs: { 'dns-timeout-ms': '100' } })
    expect(one(results, 'clerk.api')).toMatchObject({ status: 'warn' })
    expect(one(results, 'clerk.api').message).toContain('Clerk listed 500 domains; the DNS checks look at the first 25')
    expect(new Set(results.filter(r => r.id === 'dns.cname').map(r => r.subject)).size).toBe(25 * 5)
  })
})

describe("the Platform API's answers of shapes it does not document", () => {
  const KEY = 'ak_FAKEplatformKEY000notreal00'
  let server: http.Server
  let answers: Record<string, unknown>
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const body = answers[req.url ?? '']
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body ?? {}))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  })
  afterAll(() => new Promise(resolve => server.close(resolve)))

  const statusOf = async () => {
    const { port } = server.address() as AddressInfo
    const { results } = await runScenario({
      inputs: { environment: 'production', 'live-checks': 'true', 'clerk-api': 'false', domain: 'example.com' },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_PLATFORM_API_URL: `http://127.0.0.1:${port}` },
      platformApiKey: KEY,
    })
    return results.find(r => r.id === 'clerk.domain-status')
  }

  it.each([
    [
      'applications that are null or without a list of instances',
      [null, 5, { instances: 'many' }],
      /3 of them not an application/,
    ],
    [
      'the key listed without ids',
      [{ instances: [{ publishable_key: PK_LIVE, instance_id: { nested: true } }] }],
      /without the application_id and instance_id it documents/,
    ],
  ])('names %s, never "failed unexpectedly"', async (_, applications, said) => {
    answers = { '/v1/platform/applications': applications }
    const r = await statusOf()
    expect(r?.status).toBe('error')
    expect(r?.message).toMatch(said)
    expect(r?.message).not.toContain('unexpectedly')
  })

  it("reads a domain's status of odd parts as unknown, and quotes an odd status short", async () => {
    answers = {
      '/v1/platform/applications': [
        { application_id: 'app_1', instances: [{ instance_id: 'ins_1', publishable_key: PK_LIVE }] },
      ],
      '/v1/platform/applications/app_1/domains/example.com/status': {
        status: 'x'.repeat(100_000),
        dns: 'complete',
        ssl: { status: { deep: [1] }, required: true },
        mail: null,
      },
    }
    const r = await statusOf()
    expect(r?.status).toBe('fail')
    // Quoted short, then how the re-check went (this stand-in has no dns_check), then the parts.
    expect(r?.message).toMatch(
      new RegExp(`^Clerk reports example\\.com "${'x'.repeat(80)}…" \\(100000 characters\\) \\(.*\\): SSL unknown$`),
    )
    expect(r?.evidence).toMatchObject({ dns: 'unknown', ssl: 'unknown', mail: 'unknown' })
  })
})

describe('an instance type as an answer says it', () => {
  it("is Clerk's word as it is, other text quoted short with its length, anything else nothing", () => {
    expect(shownInstanceType('production')).toBe('production')
    expect(shownInstanceType('staging')).toBe('"staging"')
    expect(shownInstanceType('z'.repeat(300_000))).toBe(`"${'z'.repeat(80)}…" (300000 characters)`)
    expect(shownInstanceType([[['production']]])).toBeUndefined()
    expect(shownInstanceType(7)).toBeUndefined()
    expect(shownInstanceType('')).toBeUndefined()
  })
})
