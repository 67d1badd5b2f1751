import { PK_LIVE, SK_LIVE } from '../test-support/keys.js'
import { REAL_DNS_AVAILABLE, startRealDns, type RealDns } from '../test-support/real-dns.js'
import { runAction } from '../test-support/run-action.js'

// Knot (authoritative) behind Unbound (recursive), both from Debian's packages on loopback high ports. .ci/run
// installs them; under CI this must run. Elsewhere it is skipped when they are not installed.

it('has Knot and Unbound where CI runs', () => {
  if (process.env.CI === 'true') expect(REAL_DNS_AVAILABLE).toBe(true)
})

const maybe = REAL_DNS_AVAILABLE ? describe : describe.skip

maybe('the bundled action against real DNS servers', () => {
  let dns: RealDns
  beforeAll(async () => {
    dns = await startRealDns([
      'clerk.example.com. IN CNAME frontend-api.clerk.services.',
      'frontend-api.clerk.services. IN A 192.0.2.1',
      'frontend-api.clerk.services. IN CAA 0 issue "letsencrypt.org"',
      'accounts.example.com. IN A 104.21.12.34',
      'clkmail.example.com. IN CNAME mail.ab12cd34ef56.clerk.services.',
      'mail.ab12cd34ef56.clerk.services. IN TXT "v=spf1 -all"',
      'clk._domainkey.example.com. IN CNAME dkim1.ab12cd34ef56.clerk.services.',
      'dkim1.ab12cd34ef56.clerk.services. IN TXT "v=DKIM1; p=FAKE"',
      'clk2._domainkey.example.com. IN CNAME dkim2.ab12cd34ef56.clerk.services.',
      'example.com. IN CAA 0 issue "letsencrypt.org"',
      'example.com. IN CAA 0 issue "pki.goog"',
      'example.com. IN CAA 128 tbs "unknown"',
    ])
  }, 20_000)
  afterAll(() => dns?.stop())

  it('reports what a CA and Clerk would see', async () => {
    const run = await runAction({
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'secret-key': SK_LIVE,
        'dns-servers': dns.resolver,
      },
    })
    const status = (id: string, subject: string) => run.report?.checks.find(c => c.id === id && c.subject === subject)
    expect(status('dns.cname', 'clerk.example.com')?.status).toBe('pass')
    expect(status('dns.cname', 'clk._domainkey.example.com')?.status).toBe('pass')
    // The record exists but its target does not: the upstream case.
    expect(status('dns.cname', 'clk2._domainkey.example.com')?.status).toBe('warn')
    expect(status('dns.proxy', 'accounts.example.com')?.status).toBe('fail')
    // clerk.example.com's CAA query follows the CNAME to Clerk's target, whose set allows only Let's Encrypt.
    expect(status('dns.caa', 'clerk.example.com')).toMatchObject({
      status: 'fail',
      evidence: { relevantName: 'clerk.example.com' },
    })
    // accounts.example.com climbs to the apex, where a critical unknown tag forbids everything.
    expect(status('dns.caa', 'accounts.example.com')).toMatchObject({
      status: 'fail',
      evidence: { relevantName: 'example.com' },
    })
    expect(run.code).toBe(1)
  })
})
