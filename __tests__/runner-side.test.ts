import { PK_LIVE } from '../test-support/keys.js'
import { startDnsServer, type DnsTestServer, type FaultRule } from '../test-support/dns-server.js'
import { runAction, type ActionRun } from '../test-support/run-action.js'
import { caa, clerkZone } from '../test-support/zones.js'
import { spawnSync } from 'node:child_process'
import { DnsClient } from '../src/dns/client.js'
import { HttpClient, type HttpResult } from '../src/web/http-client.js'
import { RUNNER_SIDE_FIX } from '../src/checks/shared/runner-side.js'

// The contract's "Verdicts about the runner's side" (issue 29): a resolver that refuses or drops everything, one that
// cannot be reached, and a temporary resolution failure are the runner's `error`, told once; an answer about the zone
// keeps its verdict. Through the bundled action, against the DNS stand-in with its faults.

const ZONE_CHECKS = ['dns.cname', 'dns.proxy', 'dns.caa', 'dns.dmarc'] as const

function production(dnsServers: string, extra: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: {
      environment: 'production',
      'dns-servers': dnsServers,
      'dns-timeout-ms': '500',
      'authorized-parties': 'https://example.com',
      'live-checks': 'true',
      'http-timeout-ms': '1500',
      ...extra,
    },
    // The Frontend API at its own name, clerk.example.com, resolved through the same resolver.
    env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_FAPI_URL: '' },
  })
}

function expectRunnerSide(run: ActionRun, met: RegExp): void {
  const checks = run.report?.checks ?? []
  for (const id of ZONE_CHECKS) {
    const results = checks.filter(c => c.id === id)
    expect(results.length).toBeGreaterThan(0)
    for (const result of results) {
      expect(result).toMatchObject({ status: 'error', fix: RUNNER_SIDE_FIX })
      expect(result.message).toMatch(met)
    }
  }
  // Nothing is failed with a fix for the user's zone or deployment.
  expect(checks.filter(c => c.status === 'fail').map(c => c.id)).toEqual([])
  for (const id of ['deploy.certificates', 'deploy.frontend-api'])
    for (const result of checks.filter(c => c.id === id)) expect(result.status).toBe('error')
  // Told once: one problem in the summary, whatever the number of checks it touched.
  expect(run.summary.split("this is the runner's side").length - 1).toBe(1)
  expect(run.code).toBe(1)
}

describe("a resolver that answers nothing is the runner's side", () => {
  const cases: Array<[string, FaultRule, RegExp]> = [
    ['refuses everything', { name: '*', fault: 'refused', times: 1e9 }, /answers no question.*REFUSED/],
    ['answers SERVFAIL to everything (offline)', { name: '*', fault: 'servfail', times: 1e9 }, /SERVFAIL/],
    ['drops everything', { name: '*', fault: 'drop', times: 1e9 }, /did not answer in time/],
  ]
  it.each(cases)('%s: every DNS finding is an error that says so, once', async (_, fault, met) => {
    const server = await startDnsServer({ records: clerkZone('example.com'), faults: [fault] })
    try {
      expectRunnerSide(await production(server.address), met)
    } finally {
      await server.close()
    }
  })

  it('cannot be reached (nothing listens on its port)', async () => {
    expectRunnerSide(await production('127.0.0.1:1'), /answers no question.*refused or dropped the connection/)
  })
})

describe('an answer about the zone keeps its verdict', () => {
  let server: DnsTestServer
  afterEach(() => server.close())

  it('SERVFAIL for the CAA of the domain alone is a fail (a CA would refuse), with the DNSSEC fix', async () => {
    server = await startDnsServer({
      records: [...clerkZone('example.com'), caa('example.com', 'letsencrypt.org')],
      faults: [{ name: 'example.com', type: 'CAA', fault: 'servfail', times: 1e9 }],
    })
    const run = await production(server.address, { 'live-checks': 'false' })
    const caaFindings = run.report?.checks.filter(c => c.id === 'dns.caa') ?? []
    expect(caaFindings.map(c => c.status)).toEqual(['fail', 'fail'])
    expect(caaFindings[0]?.fix).toContain('DNSSEC')
    expect(run.report?.checks.find(c => c.id === 'dns.cname')?.status).toBe('pass')
  })

  it('a resolver that refuses only the zone (its nameservers refuse) is the zone: not the runner', async () => {
    server = await startDnsServer({
      records: clerkZone('example.com'),
      faults: [{ name: '_dmarc.example.com', fault: 'refused', times: 1e9 }],
    })
    const run = await production(server.address, { 'live-checks': 'false' })
    const dmarc = run.report?.checks.find(c => c.id === 'dns.dmarc')
    expect(dmarc?.status).toBe('error')
    expect(dmarc?.fix).toBeUndefined()
    expect(dmarc?.message).toContain('REFUSED')
  })
})

/** Node with TypeScript, for a script of test-support/ run as a process of its own. */
const tsx = ['--import', 'tsx']

describe('the web exchanges', () => {
  it("EAI_AGAIN from the system's lookup is the runner's side, not the host's", () => {
    // No dns-servers: names go to getaddrinfo. Asked in a loopback-only network namespace of its own, it reaches no
    // resolver (and this test none beyond the machine, wherever the suite runs).
    const probe = spawnSync('unshare', ['-rn', '--', process.execPath, ...tsx, 'test-support/system-lookup-probe.ts'], {
      encoding: 'utf8',
      timeout: 15_000,
    })
    expect(probe.stderr).toBe('')
    const answer = JSON.parse(probe.stdout) as HttpResult
    expect(answer).toMatchObject({ ok: false, kind: 'runner', code: 'EAI_AGAIN' })
    if (!answer.ok) expect(answer.detail).toContain("the runner's resolver failed temporarily (EAI_AGAIN)")
  })

  it('a name the dead resolver could not resolve is the runner side for the certificate and the Frontend API', async () => {
    const dns = new DnsClient(['127.0.0.1:1'], 300)
    const http = new HttpClient({ dns, resolveThroughDns: true, timeoutMs: 3000 })
    const answer = await http.handshake('clerk.example.com')
    expect(answer).toMatchObject({ ok: false, kind: 'runner' })
  })
})
