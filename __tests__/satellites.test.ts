import type { CheckResult } from '../src/report/model.js'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'
import { PK_LIVE } from '../test-support/keys.js'
import { runScenario } from '../test-support/scenario.js'
import { clerkZone, without } from '../test-support/zones.js'

const of = (results: CheckResult[], id: string) => results.filter(r => r.id === id)
const production = (inputs: Record<string, string> = {}, more: Parameters<typeof runScenario>[0] = {}) =>
  runScenario({ inputs: { environment: 'production', ...inputs }, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE }, ...more })

describe('satellite domains', () => {
  let dns: DnsTestServer
  beforeAll(async () => {
    dns = await startDnsServer({
      records: [...clerkZone('example.com'), ...without(clerkZone('example.net'), 'clerk.example.net')],
    })
  })
  afterAll(() => dns.close())

  it('gives each satellite its own DNS results', async () => {
    const { results } = await production({
      satellites: 'example.net',
      'dns-servers': dns.address,
      'app-origins': 'https://example.com, https://example.net',
    })
    expect(of(results, 'dns.cname').filter(r => r.subject.endsWith('example.net'))).toMatchObject([
      {
        subject: 'clerk.example.net',
        status: 'fail',
        fix: 'Add: `clerk.example.net. CNAME frontend-api.clerk.services.`',
      },
    ])
    expect(of(results, 'dns.caa').map(r => r.subject)).toEqual([
      'clerk.example.com',
      'accounts.example.com',
      'clerk.example.net',
    ])
    expect(of(results, 'dns.proxy').map(r => r.subject)).toContain('clerk.example.net')
    expect(results.filter(r => r.id === 'environment' && r.status === 'fail')).toEqual([])
    expect(of(results, 'passkeys.rp-id').find(r => r.subject === 'https://example.net')).toMatchObject({
      status: 'warn',
    })
  })

  it('fails an origin on another registrable domain that is not a satellite, explaining satellites', async () => {
    const { results } = await production({
      'app-origins': 'https://example.com, https://shop.example.org',
      'dns-servers': dns.address,
    })
    const [r] = results.filter(x => x.id === 'environment' && x.status === 'fail')
    expect(r).toMatchObject({ subject: 'https://shop.example.org' })
    expect(r?.message).toContain('Clerk shares sessions with another domain only through a satellite domain')
    expect(r?.fix).toContain('Add example.org as a satellite domain')
  })
})
