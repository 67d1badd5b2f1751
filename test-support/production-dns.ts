import type { CheckResult } from '../src/report/model.js'
import { startDnsServer, type DnsTestServer, type FaultRule, type FixtureRecord } from './dns-server.js'
import { PK_LIVE } from './keys.js'
import { runScenario } from './scenario.js'

/**
 * A production run for example.com (its live publishable key) against fixture zones served on loopback: the DNS
 * checks' world. Each server a test starts is closed after it.
 */
export function productionOverZones() {
  const servers: DnsTestServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(s => s.close()))
  })

  async function serve(records: FixtureRecord[], faults: FaultRule[] = []): Promise<DnsTestServer> {
    const server = await startDnsServer({ records, faults })
    servers.push(server)
    return server
  }

  async function production(
    records: FixtureRecord[],
    options: { faults?: FaultRule[]; inputs?: Record<string, string>; config?: string } = {},
  ) {
    const server = await serve(records, options.faults)
    const { results } = await runScenario({
      inputs: { environment: 'production', 'dns-servers': server.address, 'dns-timeout-ms': '400', ...options.inputs },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
      config: options.config,
    })
    return { server, results }
  }

  return { serve, production }
}

/** The results of one check, of one subject when given. */
export const resultsOf = (results: CheckResult[], id: string, subject?: string) =>
  results.filter(r => r.id === id && (subject === undefined || r.subject === subject))
