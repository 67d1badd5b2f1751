import { cloudflareMatcher } from '../src/dns/cloudflare.js'
import { CLOUDFLARE_RANGES } from '../src/dns/cloudflare-ips.js'

describe("Cloudflare's ranges", () => {
  it('were checked against cloudflare.com/ips within the last year (update src/dns/cloudflare-ips.ts)', () => {
    const ageDays = (Date.now() - Date.parse(CLOUDFLARE_RANGES.checked)) / 86_400_000
    expect(ageDays).toBeGreaterThanOrEqual(0)
    expect(ageDays).toBeLessThan(365)
  })

  it.each(['104.16.0.1', '172.67.1.1', '188.114.97.3', '2606:4700:3030::6815:c22', '2a06:98c1::1'])(
    'knows %s',
    async ip => {
      expect((await cloudflareMatcher())(ip)).toBe(true)
    },
  )

  it.each(['198.51.100.9', '104.32.0.1', '8.8.8.8', '2001:db8::1', 'not-an-ip', '', '300.1.1.1', '::g'])(
    'does not claim %j',
    async ip => {
      expect((await cloudflareMatcher())(ip)).toBe(false)
    },
  )
})
