import type { FaultRule, FixtureRecord } from '../../test-support/dns-server.js'
import { PK_LIVE } from '../../test-support/keys.js'
import { runScenario } from '../../test-support/scenario.js'
import { productionOverZones, resultsOf } from '../../test-support/production-dns.js'
import { caa, clerkZone, without } from '../../test-support/zones.js'

const { serve, production } = productionOverZones()
const of = resultsOf

describe('dns.propagation', () => {
  async function twoServers(a: FixtureRecord[], b: FixtureRecord[], faults: FaultRule[] = []) {
    const first = await serve(a)
    const second = await serve(b, faults)
    const { results } = await runScenario({
      inputs: {
        environment: 'production',
        'dns-servers': `${first.address}, ${second.address}`,
        'dns-timeout-ms': '400',
      },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    return { first, second, results }
  }

  it('skips with one server', async () => {
    expect(of((await production(clerkZone('example.com'))).results, 'dns.propagation')).toMatchObject([
      { status: 'skip' },
    ])
  })

  it('passes when the servers agree', async () => {
    const { results } = await twoServers(clerkZone('example.com'), clerkZone('example.com'))
    expect(of(results, 'dns.propagation').every(r => r.status === 'pass')).toBe(true)
  })

  it('warns, saying who sees what, when they disagree', async () => {
    const { first, second, results } = await twoServers(
      clerkZone('example.com'),
      without(clerkZone('example.com'), 'accounts.example.com'),
    )
    const [r] = of(results, 'dns.propagation', 'accounts.example.com')
    expect(r?.status).toBe('warn')
    expect(r?.message).toContain(`${first.address} sees CNAME accounts.clerk.services`)
    expect(r?.message).toContain(`${second.address} sees no CNAME (NXDOMAIN)`)
    expect(of(results, 'dns.propagation', 'clkmail.example.com')[0]?.status).toBe('pass')
  })

  it('compares CAA sets too', async () => {
    const { results } = await twoServers(clerkZone('example.com'), [
      ...clerkZone('example.com'),
      caa('example.com', 'pki.goog'),
    ])
    expect(of(results, 'dns.propagation', 'clerk.example.com')[0]?.status).toBe('warn')
  })

  it('is an error when one server cannot answer', async () => {
    const { second, results } = await twoServers(clerkZone('example.com'), clerkZone('example.com'), [
      { name: 'clkmail.example.com', fault: 'servfail' },
    ])
    const [r] = of(results, 'dns.propagation', 'clkmail.example.com')
    expect(r?.status).toBe('error')
    expect(r?.message).toContain(second.address)
  })
})
