import { createCheckTools } from '../src/checks/check.js'
import { CHECKS } from '../src/checks/index.js'
import { DnsClient } from '../src/dns/client.js'
import { buildPlan, type Plan } from '../src/settings/plan.js'
import { runChecks } from '../src/checks/run-checks.js'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'
import { publishableKey } from '../test-support/keys.js'
import { caa, clerkZone } from '../test-support/zones.js'

// The DNS checks' wall time with a delay injected into every answer, as a multiple of that delay, beside the longest
// chain of dependent queries a run needs: a record's CNAME, then (for a mail record, whose target is only known from
// the answer) the target's A. Everything else (A/AAAA, every CAA level, Clerk's fixed targets) goes out at once.
export const DELAY_MS = Number(process.env.DELAY_MS ?? 100)
export const CHAIN = 2
const DOMAINS = 50

function planFor(domain: string, servers: string[]): Plan {
  const outcome = buildPlan({
    inputs: { environment: 'production', 'dns-servers': servers.join(','), 'dns-timeout-ms': '5000' },
    env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', `clerk.${domain}`) },
    clues: {},
    config: { ok: true, loaded: { path: 'bench', present: false, config: {}, locate: () => undefined } },
    workspace: '.',
  })
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems))
  return outcome.plan
}

const dnsChecks = CHECKS.filter(c => c.id.startsWith('dns.'))
const domains = Array.from({ length: DOMAINS }, (_, i) => `shop${i}.example`)
const records = domains.flatMap(d => [...clerkZone(d), caa(d, 'letsencrypt.org'), caa(d, 'pki.goog')])
export interface Timed {
  ms: number
  queries: number
  statuses: string[]
}

async function timeRun(plans: Plan[], servers: DnsTestServer[]): Promise<Timed> {
  const first = plans[0] as Plan
  const dns = new DnsClient(first.dnsServers, first.dnsTimeoutMs)
  const before = servers.reduce((n, s) => n + s.queries.length, 0)
  const started = performance.now()
  const results = await Promise.all(
    plans.map(plan =>
      runChecks(
        { ok: true, plan },
        { ok: true, loaded: { path: 'bench', present: false, config: {}, locate: () => undefined } },
        dnsChecks,
        p => ({ ...createCheckTools(p), dns }),
      ),
    ),
  )
  const ms = performance.now() - started
  const queries = servers.reduce((n, s) => n + s.queries.length, 0) - before
  return {
    ms,
    queries,
    statuses: [
      ...new Set(
        results
          .flat()
          .filter(r => r.id !== 'config')
          .map(r => r.status),
      ),
    ],
  }
}

export interface DnsBench {
  one: Timed
  oneThree: Timed
  fifty: Timed
}

export async function measureDns(): Promise<DnsBench> {
  const servers = await Promise.all([1, 2, 3].map(() => startDnsServer({ records, delayMs: DELAY_MS })))
  const addresses = servers.map(s => s.address)
  try {
    const timed = (plans: Plan[]) => timeRun(plans, servers)
    return {
      one: await timed([planFor(domains[0] as string, [addresses[0] as string])]),
      oneThree: await timed([planFor(domains[1] as string, addresses)]),
      fifty: await timed(domains.map(d => planFor(d, addresses))),
    }
  } finally {
    for (const s of servers) await s.close()
  }
}
