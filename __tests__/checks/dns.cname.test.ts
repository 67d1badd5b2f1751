import { PK_TEST } from '../../test-support/keys.js'
import { runScenario } from '../../test-support/scenario.js'
import { productionOverZones, resultsOf } from '../../test-support/production-dns.js'
import { clerkZone, MAIL_ID, without } from '../../test-support/zones.js'

const { serve, production } = productionOverZones()
const of = resultsOf

describe('dns.cname', () => {
  it('passes every record of a correct zone, and asks no question twice', async () => {
    const { server, results } = await production(clerkZone('example.com'))
    expect(of(results, 'dns.cname').map(r => [r.subject, r.status])).toEqual([
      ['clerk.example.com', 'pass'],
      ['accounts.example.com', 'pass'],
      ['clkmail.example.com', 'pass'],
      ['clk._domainkey.example.com', 'pass'],
      ['clk2._domainkey.example.com', 'pass'],
    ])
    const asked = server.queries.filter(q => q.transport === 'udp').map(q => `${q.type} ${q.name}`)
    expect(asked.length).toBe(new Set(asked).size)
  })

  it('fails a missing record with the exact record to add', async () => {
    const { results } = await production(without(clerkZone('example.com'), 'accounts.example.com'))
    const [r] = of(results, 'dns.cname', 'accounts.example.com')
    expect(r).toMatchObject({ status: 'fail', fix: 'Add: `accounts.example.com. CNAME accounts.clerk.services.`' })
    expect(r?.message).toContain('no CNAME record (NXDOMAIN)')
  })

  it('fails a record that points elsewhere', async () => {
    const zone = [
      ...without(clerkZone('example.com'), 'clerk.example.com'),
      { name: 'clerk.example.com', type: 'CNAME' as const, data: 'cname.vercel-dns.com' },
    ]
    const [r] = of((await production(zone)).results, 'dns.cname', 'clerk.example.com')
    expect(r).toMatchObject({
      status: 'fail',
      fix: 'Change it to: `clerk.example.com. CNAME frontend-api.clerk.services.`',
    })
    expect(r?.message).toBe(
      'clerk.example.com points at cname.vercel-dns.com, not at frontend-api.clerk.services (Frontend API)',
    )
  })

  it('fails an A record in place of the CNAME', async () => {
    const zone = [
      ...without(clerkZone('example.com'), 'clerk.example.com'),
      { name: 'clerk.example.com', type: 'A' as const, data: '198.51.100.9' },
    ]
    const [r] = of((await production(zone)).results, 'dns.cname', 'clerk.example.com')
    expect(r).toMatchObject({ status: 'fail', evidence: { addresses: ['198.51.100.9'] } })
    expect(r?.fix).toBe('Replace the address records with: `clerk.example.com. CNAME frontend-api.clerk.services.`')
  })

  it("says the fault is upstream when the record is right but Clerk's target does not resolve", async () => {
    const zone = without(clerkZone('example.com'), 'frontend-api.clerk.services')
    const [r] = of((await production(zone)).results, 'dns.cname', 'clerk.example.com')
    expect(r?.status).toBe('warn')
    expect(r?.message).toContain("the fault is upstream, on Clerk's side, not in your zone")
  })

  it('accepts any mail id, and the pinned one only when pinned', async () => {
    const zone = clerkZone('example.com', 'zz99yy88xx77')
    expect(of((await production(zone)).results, 'dns.cname', 'clkmail.example.com')[0]?.status).toBe('pass')
    const pinned = await production(zone, { config: `mail-id: ${MAIL_ID}\n` })
    const [r] = of(pinned.results, 'dns.cname', 'clkmail.example.com')
    expect(r).toMatchObject({
      status: 'fail',
      fix: `Change it to: \`clkmail.example.com. CNAME mail.${MAIL_ID}.clerk.services.\``,
    })
  })

  it('checks the secondary mail set when configured', async () => {
    const { results } = await production(clerkZone('example.com'), { config: 'secondary-mail: true\n' })
    expect(
      of(results, 'dns.cname')
        .filter(r => r.status === 'fail')
        .map(r => r.subject),
    ).toEqual(['clkmail2.example.com', 'pdk1._domainkey.clkmail2.example.com', 'pdk2._domainkey.clkmail2.example.com'])
  })

  // Source: Domain-Connect/Templates clerk.com.app.json (group secondary_mail) and the dashboard's export forms.
  it.each([
    ["Clerk's Domain Connect template", 'clkmail2', 'dkim3', 'dkim4'],
    ["the dashboard's export", 'mail2', 'dkim3', 'dkim4'],
    ['the earlier DKIM form', 'clkmail2', 'clk3._domainkey', 'clk4._domainkey'],
  ])(
    'accepts the secondary mail records in the form of %s, and does not require track.clkmail2',
    async (_, mail, k3, k4) => {
      const zone = [
        ...clerkZone('example.com'),
        { name: 'clkmail2.example.com', type: 'CNAME' as const, data: `${mail}.${MAIL_ID}.clerk.services` },
        {
          name: 'pdk1._domainkey.clkmail2.example.com',
          type: 'CNAME' as const,
          data: `${k3}.${MAIL_ID}.clerk.services`,
        },
        {
          name: 'pdk2._domainkey.clkmail2.example.com',
          type: 'CNAME' as const,
          data: `${k4}.${MAIL_ID}.clerk.services`,
        },
        ...[mail, k3, k4].map(label => ({
          name: `${label}.${MAIL_ID}.clerk.services`,
          type: 'TXT' as const,
          data: 'v=DKIM1; p=FAKE',
        })),
      ]
      const { results } = await production(zone, { config: `secondary-mail: true\nmail-id: ${MAIL_ID}\n` })
      const cnames = of(results, 'dns.cname')
      expect(cnames.filter(r => r.status !== 'pass')).toEqual([])
      expect(cnames.map(r => r.subject)).not.toContain('track.clkmail2.example.com')
    },
  )

  it('fails a secondary DKIM record pointing at the primary DKIM target, and shows the template form', async () => {
    const zone = [
      ...clerkZone('example.com'),
      { name: 'clkmail2.example.com', type: 'CNAME' as const, data: `clkmail2.${MAIL_ID}.clerk.services` },
      { name: 'pdk1._domainkey.clkmail2.example.com', type: 'CNAME' as const, data: `dkim1.${MAIL_ID}.clerk.services` },
      { name: 'pdk2._domainkey.clkmail2.example.com', type: 'CNAME' as const, data: `dkim4.${MAIL_ID}.clerk.services` },
    ]
    const { results } = await production(zone, { config: `secondary-mail: true\nmail-id: ${MAIL_ID}\n` })
    expect(of(results, 'dns.cname', 'pdk1._domainkey.clkmail2.example.com')[0]).toMatchObject({
      status: 'fail',
      fix: `Change it to: \`pdk1._domainkey.clkmail2.example.com. CNAME dkim3.${MAIL_ID}.clerk.services.\``,
    })
  })

  it('does not require the clerk. record with a proxy', async () => {
    const { results } = await production(without(clerkZone('example.com'), 'clerk.example.com'), {
      inputs: { 'proxy-url': 'https://example.com/__clerk', domain: 'example.com' },
    })
    expect(of(results, 'dns.cname', 'clerk.example.com')).toMatchObject([{ status: 'skip' }])
    expect(of(results, 'dns.caa').map(r => r.subject)).toEqual(['accounts.example.com'])
  })

  it('is an error, naming the server and what happened, on SERVFAIL', async () => {
    const { server, results } = await production(clerkZone('example.com'), {
      faults: [{ name: 'clkmail.example.com', type: 'CNAME', fault: 'servfail' }],
    })
    const [r] = of(results, 'dns.cname', 'clkmail.example.com')
    expect(r?.status).toBe('error')
    expect(r?.message).toContain(`${server.address} answered SERVFAIL for CNAME clkmail.example.com`)
  })

  it('is an error on a timeout, never a pass', async () => {
    const { results } = await production(clerkZone('example.com'), {
      faults: [{ name: 'accounts.example.com', type: 'CNAME', fault: 'drop' }],
    })
    expect(of(results, 'dns.cname', 'accounts.example.com')[0]?.message).toContain(
      'did not answer in time (400 ms, tried 2 times)',
    )
  })

  it('skips every DNS check for a development instance, saying why', async () => {
    const server = await serve(clerkZone('example.com'))
    const { results } = await runScenario({
      inputs: { environment: 'preview', 'dns-servers': server.address },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    for (const id of ['dns.cname', 'dns.proxy', 'dns.caa', 'dns.propagation']) {
      expect(of(results, id)).toMatchObject([
        {
          status: 'skip',
          subject: 'preview',
          message: 'applies to production instances; preview uses a development instance',
        },
      ])
    }
    expect(server.queries).toEqual([])
  })
})
