import { PK_LIVE, PK_TEST, SK_LIVE, SK_TEST } from '../test-support/keys.js'
import { productionDomain, startClerkStandIn, type ClerkStandIn } from '../test-support/clerk-server.js'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'
import { startHttpServer } from '../test-support/http-server.js'
import { leakedSlices, runAction, visibleLog } from '../test-support/run-action.js'
import { clerkZone } from '../test-support/zones.js'

// Misbehaving peers and outsized input, through the bundled action (issue 15): bounded memory and output, nothing
// secret quoted, and messages that name what happened.

let zone: DnsTestServer
beforeAll(async () => {
  zone = await startDnsServer({ records: clerkZone('example.com') })
})
afterAll(() => zone.close())

describe("Clerk's APIs misbehaving", () => {
  let clerk: ClerkStandIn
  beforeEach(async () => {
    clerk = await startClerkStandIn({
      secretKey: SK_LIVE,
      environmentType: 'production',
      domains: [productionDomain('example.com')],
    })
  })
  afterEach(() => clerk.close())

  it('an endless body is read only up to its bound: the run ends in bounded memory, and says what happened', async () => {
    clerk.fail({ path: '/v1/instance', endless: true, times: 2 })
    const run = await runAction({
      inputs: { environment: 'production', 'dns-servers': zone.address, 'authorized-parties': 'https://example.com' },
      env: {
        CLERK_PUBLISHABLE_KEY: PK_LIVE,
        CLERK_SECRET_KEY: SK_LIVE,
        CLERK_API_URL: clerk.url,
        CLERK_FAPI_URL: clerk.url,
      },
      measureMemory: true,
    })
    expect(run.report).toBeDefined()
    const api = run.report?.checks.find(c => c.id === 'clerk.api')
    expect(api?.status).toBe('warn')
    expect(api?.message).toContain('answered with more than 2 MiB')
    // Before the bound, 3.5 to 4.6 GB; the limit the issue sets is 300 MiB.
    expect(run.peakRssKib).toBeLessThan(300 * 1024)
  })
  // The other odd answers are in clerk-api.test.ts, in process.
})

describe('the run deadline', () => {
  it('cuts a slow run: unfinished checks are errors, and the report, summary and outputs are still written', async () => {
    const silent = await startDnsServer({ records: [], faults: [{ name: '*', fault: 'drop' }] })
    try {
      const started = Date.now()
      const run = await runAction({
        inputs: {
          environment: 'production',
          'dns-servers': silent.address,
          'dns-timeout-ms': '20000',
          'run-timeout-ms': '10000',
          'authorized-parties': 'https://example.com',
        },
        env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_SECRET_KEY: SK_LIVE },
        timeoutMs: 30_000,
      })
      // Without the deadline: two 20 s tries of each question.
      expect(Date.now() - started).toBeLessThan(15_000)
      const cut = run.report?.checks.filter(c => c.message.startsWith('did not finish within run-timeout-ms (10000 ms'))
      expect(cut?.map(c => c.id)).toEqual(expect.arrayContaining(['dns.cname', 'dns.proxy', 'dns.caa']))
      expect(cut?.every(c => c.status === 'error')).toBe(true)
      expect(run.outputs.status).toBe('fail')
      expect(run.summary).toContain('did not finish within run-timeout-ms')
      expect(run.code).toBe(1)
    } finally {
      await silent.close()
    }
  }, 40_000)
})

describe('outsized input', () => {
  it('4,500 app origins: the run ends, and the summary stays under GitHub’s 1 MiB with a note', async () => {
    const origins = Array.from({ length: 4500 }, (_, i) => `https://app${i}.example.com`)
    const run = await runAction({
      inputs: {
        environment: 'development',
        'app-origins': origins.join(','),
        'authorized-parties': 'https://x.example.com',
      },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST },
      timeoutMs: 30_000,
    })
    expect(run.stderr).toBe('')
    expect(run.report?.checks.filter(c => c.id === 'auth.authorized-parties')).toHaveLength(4500)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
    // One problem: its 4,500 alike findings told once, and its corrected list whole, to copy.
    expect(run.summary).toContain(
      '`https://app0.example.com` serves the app but is not in authorizedParties: Clerk rejects its session tokens; likewise the other 4499',
    )
    expect(run.summary.match(/^ {2}"https:\/\/app\d+\.example\.com",$/gm)).toHaveLength(4500)
  }, 40_000)

  it('with 14 failures of one fix, annotates the verdict and one problem, the 14 entries named in it', async () => {
    const bad = Array.from({ length: 14 }, (_, i) => `https://app${i}.example.com/`)
    const run = await runAction({
      inputs: {
        environment: 'development',
        'authorized-parties': bad.join(','),
        'app-origins': 'https://app0.example.com',
      },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST },
    })
    const errors = run.stdout.split('\n').filter(l => l.startsWith('::error'))
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(
      /^::error::Clerk preflight: development is not ready: 1 problem and 1 warning \(auth\.authorized-parties\)$/,
    )
    expect(errors[1]).toMatch(
      /^::error title=auth\.authorized-parties%3A https%3A\/\/app0\.example\.com\/%2C .* and 11 more::/,
    )
    expect(run.stdout).not.toContain('::notice::')
  })
})

describe('credentials in the deployed URL', () => {
  it('are never quoted: no userinfo, no query, the bypass token masked', async () => {
    const web = await startHttpServer({ '/': { headers: { 'content-security-policy': "default-src 'self'" } } })
    const token = 'BYPASStoken0123456789abcdef'
    const password = 'hunter2-PASSWORD-longenough'
    try {
      const port = new URL(web.origin).port
      const run = await runAction({
        inputs: {
          environment: 'development',
          url: `http://deploy:${password}@localhost:${port}/?x-vercel-protection-bypass=${token}`,
        },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST },
      })
      const everything = [
        run.stdout.replace(/^::add-mask::.*$/gm, ''),
        run.stderr,
        run.summary,
        run.reportText,
        run.outputsFile,
      ].join('\n')
      expect(leakedSlices(everything, token)).toEqual([])
      expect(leakedSlices(everything, password)).toEqual([])
      expect(run.stdout).toContain(`::add-mask::${token}`)
      expect(run.report?.checks.find(c => c.id === 'csp')?.subject).toBe(`http://localhost:${port}/`)
    } finally {
      await web.close()
    }
  })
})

describe('credentials in proxy-url', () => {
  it('are masked, and the proxy is quoted without them', async () => {
    const password = 'proxy-PASSWORD-longenough-0001'
    const run = await runAction({
      inputs: {
        environment: 'production',
        'proxy-url': `https://deploy:${password}@proxy.example.com/__clerk`,
        'development-publishable-key': PK_TEST,
        'authorized-parties': 'https://example.com',
      },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_FAPI_URL: '' },
    })
    const everything = [visibleLog(run.stdout), run.stderr, run.summary, run.reportText, run.outputsFile].join('\n')
    expect(run.report).toBeDefined()
    expect(leakedSlices(everything, password)).toEqual([])
    expect(everything).not.toContain('***')
    expect(run.stdout).toContain(`::add-mask::${password}`)
    expect(run.report?.checks.find(c => c.id === 'deploy.frontend-api')?.evidence?.endpoint).toBe(
      'https://proxy.example.com/__clerk/v1/environment',
    )
  })
})

describe("a page's policy late in a long <head>", () => {
  it('is a warning that the head was cut short, never "no Content-Security-Policy"', async () => {
    const filler = '<meta name="x" content="y">'.repeat(40_000)
    const web = await startHttpServer({
      '/': {
        body: `<!doctype html><html><head>${filler}<meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body></body></html>`,
      },
    })
    try {
      const run = await runAction({
        inputs: { environment: 'development', url: `${web.origin.replace('127.0.0.1', 'localhost')}/` },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST },
      })
      const csp = run.report?.checks.find(c => c.id === 'csp')
      expect(csp?.status).toBe('warn')
      expect(csp?.message).toContain('goes on past the first 256 KiB read without a <meta> policy')
    } finally {
      await web.close()
    }
  })
})
