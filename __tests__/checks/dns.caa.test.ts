import { runScenario } from '../../test-support/scenario.js'
import { productionOverZones, resultsOf } from '../../test-support/production-dns.js'
import { caa, clerkZone } from '../../test-support/zones.js'

const { serve, production } = productionOverZones()
const of = resultsOf

describe('dns.caa', () => {
  const zone = clerkZone('example.com')

  it('passes without CAA records anywhere', async () => {
    const { results } = await production(zone)
    expect(of(results, 'dns.caa').map(r => [r.subject, r.status])).toEqual([
      ['clerk.example.com', 'pass'],
      ['accounts.example.com', 'pass'],
    ])
  })

  it("fails a set at the apex that allows only Let's Encrypt, with the record to add", async () => {
    const { results } = await production([...zone, caa('example.com', 'letsencrypt.org')])
    const [r] = of(results, 'dns.caa', 'clerk.example.com')
    expect(r).toMatchObject({
      status: 'fail',
      message: 'example.com has CAA records that do not allow pki.goog (only letsencrypt.org may issue)',
      fix: 'Add: `example.com. CAA 0 issue "pki.goog"`',
      evidence: { relevantName: 'example.com', records: ['0 issue "letsencrypt.org"'] },
    })
  })

  it('passes a set that allows both', async () => {
    const { results } = await production([
      ...zone,
      caa('example.com', 'letsencrypt.org'),
      caa('example.com', 'pki.goog'),
      caa('example.com', 'mailto:x@example.com', 'iodef'),
    ])
    expect(of(results, 'dns.caa').every(r => r.status === 'pass')).toBe(true)
  })

  it("uses the CNAME target's set for the name that points at it", async () => {
    const { results } = await production([
      ...zone,
      caa('frontend-api.clerk.services', 'letsencrypt.org'),
      caa('example.com', 'pki.goog'),
      caa('example.com', 'letsencrypt.org'),
    ])
    expect(of(results, 'dns.caa', 'clerk.example.com')[0]).toMatchObject({
      status: 'fail',
      evidence: { relevantName: 'clerk.example.com' },
    })
    expect(of(results, 'dns.caa', 'accounts.example.com')[0]?.status).toBe('pass')
  })

  it('climbs the parents of the original name, not of the CNAME target', async () => {
    const { results } = await production([...zone, caa('clerk.services', ';')])
    expect(of(results, 'dns.caa').every(r => r.status === 'pass')).toBe(true)
  })

  it('climbs from a domain that is itself a subdomain', async () => {
    const server = await serve([...clerkZone('shop.example.co.uk'), caa('co.uk', 'letsencrypt.org')])
    const { results } = await runScenario({
      inputs: { environment: 'production', domain: 'shop.example.co.uk', 'dns-servers': server.address },
      env: { CLERK_PUBLISHABLE_KEY: 'pk_live_' + Buffer.from('clerk.shop.example.co.uk$').toString('base64') },
    })
    expect(of(results, 'dns.caa', 'clerk.shop.example.co.uk')[0]).toMatchObject({
      status: 'fail',
      evidence: { relevantName: 'co.uk' },
    })
  })

  it('lets an iodef-only set at a lower level hide a restrictive one above', async () => {
    const { results } = await production([
      ...zone,
      caa('accounts.example.com', 'mailto:x@example.com', 'iodef'),
      caa('example.com', ';'),
    ])
    expect(of(results, 'dns.caa', 'accounts.example.com')[0]).toMatchObject({
      status: 'pass',
      evidence: { relevantName: 'accounts.example.com' },
    })
    expect(of(results, 'dns.caa', 'clerk.example.com')[0]?.status).toBe('fail')
  })

  it.each([128, 1])('fails an unknown tag with critical flags %i', async flags => {
    const { results } = await production([
      ...zone,
      caa('example.com', 'letsencrypt.org'),
      caa('example.com', 'pki.goog'),
      caa('example.com', 'x', 'tbs', flags),
    ])
    const [r] = of(results, 'dns.caa', 'clerk.example.com')
    expect(r?.status).toBe('fail')
    expect(r?.fix).toContain(`Remove the critical flag from ${flags} tbs "x"`)
  })

  it('fails issuers that differ only in case, and says CAs compare exactly', async () => {
    const { results } = await production([
      ...zone,
      caa('example.com', 'LetsEncrypt.org'),
      caa('example.com', 'pki.goog'),
    ])
    expect(of(results, 'dns.caa', 'clerk.example.com')[0]?.message).toContain('CAs compare the issuer name exactly')
  })

  it.each([';', '%%%%%'])('fails issue %j', async value => {
    const { results } = await production([...zone, caa('example.com', value)])
    expect(of(results, 'dns.caa', 'clerk.example.com')[0]?.fix).toBe(
      'Add: `example.com. CAA 0 issue "letsencrypt.org"` and `example.com. CAA 0 issue "pki.goog"`',
    )
  })

  it('warns about accounturi and validationmethods, showing the record', async () => {
    const { results } = await production([
      ...zone,
      caa('example.com', 'letsencrypt.org; validationmethods=dns-01'),
      caa('example.com', 'pki.goog'),
    ])
    const [r] = of(results, 'dns.caa', 'clerk.example.com')
    expect(r?.status).toBe('warn')
    expect(r?.message).toContain('0 issue "letsencrypt.org; validationmethods=dns-01"')
  })

  it("fails when a lookup at or below the relevant set fails, with the server's answer", async () => {
    const { server, results } = await production(
      [...zone, caa('example.com', 'letsencrypt.org'), caa('example.com', 'pki.goog')],
      {
        faults: [{ name: 'accounts.example.com', type: 'CAA', fault: 'servfail' }],
      },
    )
    const [r] = of(results, 'dns.caa', 'accounts.example.com')
    expect(r?.status).toBe('fail')
    expect(r?.message).toContain(`${server.address} answered SERVFAIL for CAA accounts.example.com`)
    expect(of(results, 'dns.caa', 'clerk.example.com')[0]?.status).toBe('pass')
  })

  it('does not pass when the answers are truncated over TCP too: a CA could not read them either', async () => {
    const { results } = await production(zone, {
      faults: [{ name: 'example.com', type: 'CAA', fault: 'truncate-always' }],
    })
    const [r] = of(results, 'dns.caa', 'clerk.example.com')
    expect(r?.status).toBe('fail')
    expect(r?.message).toContain('answered truncated over TCP too, so its CAA example.com records could not be read')
  })

  it('ignores a failure above the relevant set', async () => {
    const { results } = await production(
      [...zone, caa('example.com', 'letsencrypt.org'), caa('example.com', 'pki.goog')],
      {
        faults: [{ name: 'com', type: 'CAA', fault: 'drop' }],
      },
    )
    expect(of(results, 'dns.caa').map(r => r.status)).toEqual(['pass', 'pass'])
  })

  it('fails on a timeout below the set', async () => {
    const { results } = await production(zone, { faults: [{ name: 'example.com', type: 'CAA', fault: 'drop' }] })
    expect(of(results, 'dns.caa').map(r => r.status)).toEqual(['fail', 'fail'])
  })
})
