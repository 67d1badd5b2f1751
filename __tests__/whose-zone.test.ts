import type { FaultRule, FixtureRecord } from '../test-support/dns-server.js'
import { publishableKey } from '../test-support/keys.js'
import { runScenario } from '../test-support/scenario.js'
import { productionOverZones, resultsOf } from '../test-support/production-dns.js'
import { clerkZone } from '../test-support/zones.js'

const { serve } = productionOverZones()
const of = resultsOf

// The Public Suffix List's private section holds registries (us.com, eu.org, co.nl), whose customers run their own
// zones, and hosting platforms (web.app), which run their customers' names: the DNS tells them apart by the zone cut.
describe('whose zone: a production domain under a private suffix', () => {
  const run = async (domain: string, records: FixtureRecord[], faults: FaultRule[] = []) => {
    const server = await serve(records, faults)
    return (
      await runScenario({
        inputs: { environment: 'production', 'dns-servers': server.address, 'dns-timeout-ms': '400' },
        env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', `clerk.${domain}`) },
      })
    ).results
  }

  it.each(['shop.us.com', 'shop.co.nl'])(
    "is the user's where the DNS has a zone at %s (an SOA there): its key and DNS records are checked",
    async domain => {
      const results = await run(domain, [...clerkZone(domain), { name: domain, type: 'SOA', data: `ns1.${domain}` }])
      expect(of(results, 'keys.frontend-api')[0]).toMatchObject({ status: 'pass', subject: `clerk.${domain}` })
      expect(of(results, 'dns.cname').map(r => r.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass'])
    },
  )

  it("is the platform's where the name is in the suffix's own zone: shared, and every DNS check says why it skipped", async () => {
    const results = await run('myapp.web.app', [
      { name: 'web.app', type: 'SOA', data: 'ns1.google.com' },
      { name: 'myapp.web.app', type: 'A', data: '127.0.2.9' },
    ])
    const key = of(results, 'keys.frontend-api')[0]
    expect(key).toMatchObject({ status: 'fail', evidence: { sharedDomain: 'web.app' } })
    expect(key?.message).toContain('the DNS has no zone of its own at myapp.web.app (no SOA there): web.app runs it')
    for (const id of ['dns.cname', 'dns.proxy', 'dns.caa', 'dns.dmarc']) {
      const [skip] = of(results, id)
      expect(skip).toMatchObject({ status: 'skip', subject: 'myapp.web.app' })
      expect(skip?.message).toContain('no SOA there')
    }
    // With one server there is nothing to compare, which the runner says first.
    expect(of(results, 'dns.propagation')).toMatchObject([{ status: 'skip', subject: 'dns-servers' }])
  })

  it('takes the list at its word, and says so, when the DNS cannot say whose zone it is', async () => {
    const results = await run('shop.us.com', clerkZone('shop.us.com'), [
      { name: 'shop.us.com', type: 'SOA', fault: 'servfail', times: 10 },
    ])
    const [cname] = of(results, 'dns.cname')
    expect(cname).toMatchObject({ status: 'skip' })
    expect(cname?.message).toContain('the DNS could not say whose zone it is in')
  })
})
