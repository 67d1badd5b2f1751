import { dnsWorkBound } from '../src/checks/shared/dns-scope.js'
import { applies } from '../src/checks/shared/needs.js'
import { cspCheck } from '../src/checks/csp.js'
import { deployPublishableKeyCheck, MAX_SCRIPTS } from '../src/checks/deploy-publishable-key.js'
import { buildPlan, type Plan } from '../src/settings/plan.js'
import { dnsQuestionBound, dnsQuestionsPerServer, liveExchangeBound, worstCaseMs } from '../src/runner/worst-case.js'
import { startDnsServer } from '../test-support/dns-server.js'
import { PK_LIVE, PK_TEST } from '../test-support/keys.js'
import { runAction } from '../test-support/run-action.js'

function plan(inputs: Record<string, string>, key = PK_LIVE): Plan {
  const outcome = buildPlan({
    inputs,
    env: { CLERK_PUBLISHABLE_KEY: key },
    clues: {},
    config: { ok: true, loaded: { path: 'x', present: false, config: {}, locate: () => undefined } },
    workspace: '.',
  })
  if (!outcome.ok) throw new Error('bad plan')
  return outcome.plan
}

describe('the worst case of a run, from its inputs', () => {
  it('grows with servers, timeouts and what the run fetches', () => {
    const one = {
      environment: 'production',
      'dns-servers': '127.0.0.1',
      'dns-timeout-ms': '1000',
      'clerk-api': 'false',
    }
    const base = plan(one)
    const three = plan({
      environment: 'production',
      'dns-servers': '127.0.0.1,127.0.0.2,127.0.0.3',
      'dns-timeout-ms': '1000',
      'clerk-api': 'false',
    })
    // The first server is asked everything; dns.propagation, which runs only with two or more, asks each server every
    // record's CNAME and every CAA level again (a CAA question over UDP and TCP).
    const { records, caaNames } = dnsWorkBound(three)
    expect(records).toBeGreaterThan(0)
    expect(dnsQuestionBound(three) - dnsQuestionBound(base)).toBe(3 * (records + 2 * caaNames))
    // Servers are asked side by side, each within its own in-flight bound, and the first's share of dns.propagation's
    // questions is asked by dns.cname and dns.caa anyway: more servers add no wave, more names do.
    expect(dnsQuestionsPerServer(three)).toBe(dnsQuestionsPerServer(base))
    expect(worstCaseMs(three, false)).toBe(worstCaseMs(base, false))
    const satellites = Array.from({ length: 40 }, (_, i) => `shop${i}.example`).join(',')
    expect(worstCaseMs(plan({ ...one, satellites }), false)).toBeGreaterThan(worstCaseMs(base, false))
    expect(
      worstCaseMs(plan({ environment: 'production', 'clerk-api': 'false', url: 'https://example.com' }), false),
    ).toBeGreaterThanOrEqual(10_000)
    expect(worstCaseMs(base, true) - worstCaseMs(base, false)).toBe(60_000)
  })

  it('is never more than run-timeout-ms and the local work of writing the report', () => {
    const slow = {
      environment: 'production',
      'dns-servers': '127.0.0.1:53, 127.0.0.2:53, 127.0.0.3:53',
      'dns-timeout-ms': '60000',
    }
    expect(worstCaseMs(plan(slow), true)).toBe(120_000 + 2000)
    expect(worstCaseMs(plan({ ...slow, 'run-timeout-ms': '10000' }), true)).toBe(12_000)
  })

  it('counts the live exchanges: the page and its scripts, handshakes, the webhook probes, the Platform API', () => {
    const base = { environment: 'production', 'clerk-api': 'false' }
    const bare = liveExchangeBound(plan(base)).exchanges
    const full = liveExchangeBound(
      plan({
        ...base,
        url: 'https://example.com/',
        'webhook-url': 'https://example.com/hook',
        satellites: 'example.net',
      }),
    ).exchanges
    // The page read once (csp and deploy.publishable-key share it; asked again as a fetch after Clerk's handshake) plus 8
    // scripts, one more handshake, four webhook probes; deploy.middleware asks the page as a document and again as a
    // fetch, deploy.server-key once and then the handshake it follows (one deadline), deploy.satellites twice per
    // satellite; deploy.origins asks once for the one app origin in both.
    expect(full - bare).toBe(2 + 8 + 1 + 4 + 2 + 2 + 2)
    const paths = plan({ ...base, url: 'https://example.com/', 'protected-paths': '/dashboard, /api/private' })
    const noPaths = plan({ ...base, url: 'https://example.com/' })
    expect(liveExchangeBound(paths).exchanges - liveExchangeBound(noPaths).exchanges).toBe(2 * 2)
    const origins = plan({ ...base, 'app-origins': 'https://example.com, https://app.example.com' })
    expect(liveExchangeBound(origins).exchanges - bare).toBe(1)
    expect(liveExchangeBound(plan({ ...base, 'live-checks': 'false' })).exchanges).toBe(0)
    const slow = plan({
      ...base,
      url: 'https://example.com/',
      'development-publishable-key': PK_TEST,
      'http-timeout-ms': '30000',
      'run-timeout-ms': '600000',
    })
    expect(worstCaseMs(slow, false)).toBeGreaterThanOrEqual(
      30_000 * (Math.ceil(liveExchangeBound(slow).exchanges / 8) + 2),
    )
  })

  it('counts the page once, whichever of the checks that read it runs', () => {
    const live = { environment: 'production', 'clerk-api': 'false', url: 'https://example.com/' }
    // A damaged key: csp has no Frontend API to judge the policy for, deploy.publishable-key still reads the page.
    const damaged = plan(live, 'pk_live_damaged')
    expect(applies(cspCheck, damaged)).toBe(false)
    expect(applies(deployPublishableKeyCheck, damaged)).toBe(true)
    // The page (asked again as a fetch after Clerk's handshake), its scripts, and deploy.middleware's own two probes
    // (deploy.server-key needs the key).
    expect(liveExchangeBound(damaged).exchanges).toBe(2 + MAX_SCRIPTS + 2)
  })

  it('has no DNS part for a development instance', () => {
    expect(dnsQuestionBound(plan({ environment: 'development' }, PK_TEST))).toBe(0)
  })

  it('bounds a run whose every DNS question is dropped', async () => {
    const dns = await startDnsServer({ records: [], faults: [{ name: '*', fault: 'drop', times: 1e9 }] })
    try {
      const inputs = {
        environment: 'production',
        'dns-servers': dns.address,
        'dns-timeout-ms': '150',
        'clerk-api': 'false',
      }
      const started = Date.now()
      const run = await runAction({ inputs, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
      const elapsed = Date.now() - started
      const dnsResults = run.report?.checks.filter(c => c.id === 'dns.cname') ?? []
      expect(dnsResults.length).toBeGreaterThan(0)
      expect(dnsResults.every(c => c.status === 'error')).toBe(true)
      expect(elapsed).toBeLessThanOrEqual(worstCaseMs(plan(inputs), false))
    } finally {
      await dns.close()
    }
  })
})
