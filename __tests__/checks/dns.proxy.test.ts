import { CLOUDFLARE_RANGES } from '../../src/dns/cloudflare-ips.js'
import { productionOverZones, resultsOf } from '../../test-support/production-dns.js'
import { clerkZone, without } from '../../test-support/zones.js'

const { production } = productionOverZones()
const of = resultsOf

describe('dns.proxy', () => {
  it('fails a record answering with Cloudflare addresses and no CNAME', async () => {
    const zone = [
      ...without(clerkZone('example.com'), 'clerk.example.com'),
      { name: 'clerk.example.com', type: 'A' as const, data: '104.21.12.34' },
      { name: 'clerk.example.com', type: 'AAAA' as const, data: '2606:4700:3030::6815:c22' },
    ]
    const { results } = await production(zone)
    const [r] = of(results, 'dns.proxy', 'clerk.example.com')
    expect(r?.status).toBe('fail')
    expect(r?.fix).toContain('"DNS only"')
    // How old the ranges behind the verdict are is said, instead of a test that fails as they age (issue 13).
    expect(r?.evidence).toEqual({
      addresses: ['104.21.12.34', '2606:4700:3030::6815:c22'],
      cloudflareRangesAsOf: CLOUDFLARE_RANGES.checked,
    })
    expect(of(results, 'dns.cname', 'clerk.example.com')[0]?.message).toContain("they are Cloudflare's")
    expect(of(results, 'dns.proxy', 'accounts.example.com')[0]?.status).toBe('pass')
  })

  it('does not call other addresses proxied', async () => {
    const zone = [
      ...without(clerkZone('example.com'), 'clerk.example.com'),
      { name: 'clerk.example.com', type: 'A' as const, data: '198.51.100.9' },
    ]
    expect(of((await production(zone)).results, 'dns.proxy', 'clerk.example.com')[0]?.status).toBe('pass')
  })
})
