import {
  productionDomain,
  startClerkStandIn,
  type ClerkFault,
  type ClerkStandIn,
} from '../../test-support/clerk-server.js'
import { runScenario } from '../../test-support/scenario.js'
import type { ClerkDomain } from '../../src/clerk/api.js'
import { PK_LIVE, SK_LIVE } from '../../test-support/keys.js'
import { runAction } from '../../test-support/run-action.js'

// Through the bundled action (dist/index.js), against a loopback Backend API answering POST /v1/proxy_checks in the
// shape of Clerk's OpenAPI spec (VerifyDomainProxy: a ProxyCheck, or 400 with Clerk's errors).

let clerk: ClerkStandIn | undefined

const PROXY = 'https://example.com/__clerk'

async function run(
  verdict: { successful: boolean } | { refused: string },
  options: { domain?: Partial<ClerkDomain>; phase?: string; stall?: boolean } = {},
) {
  // A test that runs twice closes the first stand-in here; afterEach closes the last.
  clerk = await startClerkStandIn({
    secretKey: SK_LIVE,
    environmentType: 'production',
    domains: [{ ...productionDomain('example.com'), ...options.domain }],
    proxyCheck: () => verdict,
  })
  if (options.stall) clerk.fail({ path: '/v1/proxy_checks', stall: true })
  const action = await runAction({
    inputs: {
      environment: 'production',
      'live-checks': 'false',
      'proxy-url': PROXY,
      'http-timeout-ms': '1000',
      phase: options.phase ?? 'after-deploy',
    },
    env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_SECRET_KEY: SK_LIVE, CLERK_API_URL: clerk.url },
  })
  const results = (action.report?.checks ?? []).filter(c => c.id === 'clerk.proxy')
  const posts = clerk.requests.filter(r => r.path === '/v1/proxy_checks')
  return { result: results[0], results, posts }
}

describe('clerk.proxy', () => {
  it("passes when Clerk reaches the Frontend API through the proxy, asked once with the primary domain's id", async () => {
    const { result, results, posts } = await run({ successful: true })
    expect(results).toHaveLength(1)
    expect(result).toMatchObject({ subject: PROXY, status: 'pass' })
    expect(result?.message).toContain('the domain example.com is not switched to it yet')
    expect(posts).toHaveLength(1)
    expect(posts[0]).toMatchObject({ method: 'POST', authorization: `Bearer ${SK_LIVE}` })
    expect(JSON.parse(posts[0]?.body ?? '')).toEqual({ domain_id: 'dmn_examplecom', proxy_url: PROXY })
  })

  it('fails an unsuccessful check after the deploy, and warns before it (the proxy ships with the app)', async () => {
    const after = await run({ successful: false }, { domain: { proxy_url: PROXY } })
    expect(after.result).toMatchObject({ status: 'fail' })
    expect(after.result?.message).toContain('Clerk could not reach the Frontend API of example.com through')
    expect(after.result?.fix).toContain('Clerk-Proxy-Url')
    const before = await run({ successful: false }, { domain: { proxy_url: PROXY }, phase: 'before-deploy' })
    expect(before.result?.status).toBe('warn')
  })

  it("fails with Clerk's own reason when Clerk refuses the proxy", async () => {
    const { result } = await run({ refused: 'The proxy URL did not respond with the expected headers.' })
    expect(result).toMatchObject({ status: 'fail' })
    expect(result?.message).toContain('The proxy URL did not respond with the expected headers.')
  })

  it('fails when Clerk has the domain on another proxy, and asks Clerk nothing more', async () => {
    const { result, posts } = await run({ successful: true }, { domain: { proxy_url: 'https://example.com/__other' } })
    expect(result).toMatchObject({ status: 'fail' })
    expect(result?.message).toContain('is set up with the proxy https://example.com/__other')
    expect(posts).toHaveLength(0)
  })

  it('never sends the POST twice: a stalled check is an error', async () => {
    const { result, posts } = await run({ successful: true }, { stall: true })
    expect(result).toMatchObject({ status: 'error' })
    expect(posts).toHaveLength(1)
  })

  it('skips without proxy-url', async () => {
    clerk = await startClerkStandIn({ secretKey: SK_LIVE, environmentType: 'production', domains: [] })
    const action = await runAction({
      inputs: { environment: 'production', 'live-checks': 'false' },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_SECRET_KEY: SK_LIVE, CLERK_API_URL: clerk.url },
    })
    expect(action.report?.checks.find(c => c.id === 'clerk.proxy')).toMatchObject({
      subject: 'proxy-url',
      status: 'skip',
    })
  })
})

// In process (jest counts it), through the same loopback stand-in.
describe('clerk.proxy, in process', () => {
  async function inProcess(
    verdict: { successful: boolean } | { refused: string },
    options: { domains?: ClerkDomain[]; fault?: ClerkFault; inputs?: Record<string, string> } = {},
  ) {
    clerk = await startClerkStandIn({
      secretKey: SK_LIVE,
      environmentType: 'production',
      domains: options.domains ?? [productionDomain('example.com')],
      proxyCheck: () => verdict,
    })
    if (options.fault) clerk.fail(options.fault)
    const { results } = await runScenario({
      inputs: { environment: 'production', 'proxy-url': `${PROXY}/`, ...options.inputs },
      secretKey: SK_LIVE,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url },
      clerkApiMs: 500,
    })
    return {
      results: results.filter(r => r.id === 'clerk.proxy'),
      posts: clerk.requests.filter(r => r.path === '/v1/proxy_checks'),
    }
  }

  it("passes Clerk's successful check, and fails an unsuccessful one, a refused one and another proxy", async () => {
    const pass = await inProcess(
      { successful: true },
      { domains: [{ ...productionDomain('example.com'), proxy_url: PROXY }] },
    )
    expect(pass.results).toEqual([expect.objectContaining({ subject: PROXY, status: 'pass' })])
    expect(pass.results[0]?.message).not.toContain('not switched to it yet')
    expect(JSON.parse(pass.posts[0]?.body ?? '')).toEqual({ domain_id: 'dmn_examplecom', proxy_url: PROXY })
    expect((await inProcess({ successful: false })).results[0]?.status).toBe('fail')
    const refused = await inProcess({ refused: 'The proxy answered 404.' })
    expect(refused.results[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('The proxy answered 404.'),
    })
    const other = await inProcess(
      { successful: true },
      {
        domains: [{ ...productionDomain('example.com'), proxy_url: 'https://example.com/__other/' }],
      },
    )
    expect(other.results[0]?.status).toBe('fail')
    expect(other.posts).toHaveLength(0)
  })

  it('is an error when the POST stalls (sent once), when the domains cannot be read, or when none is primary', async () => {
    const stalled = await inProcess({ successful: true }, { fault: { path: '/v1/proxy_checks', stall: true } })
    expect(stalled.results[0]?.status).toBe('error')
    expect(stalled.posts).toHaveLength(1)
    const down = await inProcess({ successful: true }, { fault: { path: '/v1/domains', status: 500, times: 2 } })
    expect(down.results[0]).toMatchObject({ status: 'error', message: expect.stringContaining('list the instance') })
    expect(down.posts).toHaveLength(0)
    const satellitesOnly = await inProcess(
      { successful: true },
      {
        domains: [{ ...productionDomain('shop.example'), is_satellite: true }],
      },
    )
    expect(satellitesOnly.results[0]).toMatchObject({
      status: 'error',
      message: expect.stringContaining('no primary domain'),
    })
  })
})
