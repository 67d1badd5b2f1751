import { type FixtureRecord } from '../../test-support/dns-server.js'
import { PK_TEST, publishableKey } from '../../test-support/keys.js'
import { runScenario } from '../../test-support/scenario.js'
import { productionOverZones, resultsOf } from '../../test-support/production-dns.js'
import { clerkZone, without } from '../../test-support/zones.js'

const { serve, production } = productionOverZones()
const of = resultsOf

// Clerk asks production instances to set up DMARC (clerk.com/docs/troubleshooting/email-deliverability); the record is
// read as RFC 7489 §6.6.3 has receivers read it.
describe('dns.dmarc', () => {
  const dmarc = (data: string | string[], name = '_dmarc.example.com'): FixtureRecord => ({ name, type: 'TXT', data })
  const zone = (...records: FixtureRecord[]) => [...without(clerkZone('example.com'), '_dmarc.example.com'), ...records]

  it('passes a policy, with it in the evidence, and reads a record split into several strings', async () => {
    const { results } = await production(zone(dmarc(['v=DMARC1; p=reject; ', 'rua=mailto:d@example.com'])))
    expect(of(results, 'dns.dmarc')).toMatchObject([
      {
        subject: '_dmarc.example.com',
        status: 'pass',
        evidence: { policy: 'reject', record: 'v=DMARC1; p=reject; rua=mailto:d@example.com' },
      },
    ])
  })

  it('passes p=none, saying that it only reports', async () => {
    const [r] = of((await production(zone(dmarc('v=DMARC1; p=none')))).results, 'dns.dmarc')
    expect(r).toMatchObject({ status: 'pass', evidence: { policy: 'none' } })
    expect(r?.message).toContain('reports only')
  })

  it('warns when there is none, with the record to add, and ignores TXT records that are not DMARC', async () => {
    const [r] = of((await production(zone(dmarc('google-site-verification=abc')))).results, 'dns.dmarc')
    expect(r).toMatchObject({
      status: 'warn',
      fix: 'Add: `_dmarc.example.com. TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"`, then raise `p` to `quarantine` or `reject` once the reports show only your own senders (Clerk: clerk.com/docs/troubleshooting/email-deliverability).',
    })
  })

  it.each([
    ['no policy', 'v=DMARC1; rua=mailto:d@example.com', 'no policy (p=)'],
    ['a misspelt policy', 'v=DMARC1; p=rejects', 'p=rejects, which is not none, quarantine or reject'],
  ])('warns about a record with %s', async (_, record, text) => {
    const [r] = of((await production(zone(dmarc(record)))).results, 'dns.dmarc')
    expect(r?.status).toBe('warn')
    expect(r?.message).toContain(text)
  })

  it('does not take a lower-case version tag for DMARC (RFC 7489: DMARC1 exactly)', async () => {
    const [r] = of((await production(zone(dmarc('v=dmarc1; p=reject')))).results, 'dns.dmarc')
    expect(r?.message).toContain('has no DMARC record')
  })

  it('warns about two DMARC records, which receivers ignore both of', async () => {
    const [r] = of(
      (await production(zone(dmarc('v=DMARC1; p=reject'), dmarc('v=DMARC1; p=none')))).results,
      'dns.dmarc',
    )
    expect(r).toMatchObject({ status: 'warn' })
    expect(r?.message).toContain('2 DMARC records')
  })

  it("falls back to the organizational domain's record, and its sp= policy, for a subdomain", async () => {
    const records = [
      ...clerkZone('auth.example.co.uk'),
      dmarc('v=DMARC1; p=reject; sp=quarantine', '_dmarc.example.co.uk'),
    ].filter(r => r.name !== '_dmarc.auth.example.co.uk')
    const server = await serve(records)
    const { results } = await runScenario({
      inputs: { environment: 'production', 'dns-servers': server.address, 'dns-timeout-ms': '400' },
      env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.auth.example.co.uk') },
    })
    expect(of(results, 'dns.dmarc')).toMatchObject([
      {
        subject: '_dmarc.auth.example.co.uk',
        status: 'pass',
        evidence: { name: '_dmarc.example.co.uk', policy: 'quarantine', subdomainPolicy: 'quarantine' },
      },
    ])
  })

  it('is an error on SERVFAIL, and a skip for a development instance', async () => {
    const { results } = await production(clerkZone('example.com'), {
      faults: [{ name: '_dmarc.example.com', type: 'TXT', fault: 'servfail' }],
    })
    expect(of(results, 'dns.dmarc')).toMatchObject([{ status: 'error' }])
    expect(of(results, 'dns.dmarc')[0]?.message).toContain('SERVFAIL')
    const dev = await runScenario({ inputs: { environment: 'development' }, env: { CLERK_PUBLISHABLE_KEY: PK_TEST } })
    expect(of(dev.results, 'dns.dmarc')).toMatchObject([{ status: 'skip' }])
  })
})
