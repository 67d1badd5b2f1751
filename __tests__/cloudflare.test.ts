import { readFile } from 'node:fs/promises'
import { cloudflareMatcher } from '../src/dns/cloudflare.js'
import { CLOUDFLARE_RANGES } from '../src/dns/cloudflare-ips.js'
import { fetchRanges, RANGES_FILE, rangesModule } from '../scripts/refresh-cloudflare.js'
import { startHttpServer } from '../test-support/http-server.js'

describe("Cloudflare's ranges", () => {
  it('are dated, so that dns.proxy can say how old its data is (no test fails as the date ages)', () => {
    expect(CLOUDFLARE_RANGES.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(Date.parse(CLOUDFLARE_RANGES.checked)).toBeLessThanOrEqual(Date.now())
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

describe('scripts/refresh-cloudflare.ts, against a loopback stand-in for cloudflare.com', () => {
  it('writes the module as it is committed, from the published lists', async () => {
    const web = await startHttpServer({
      '/ips-v4': { headers: { 'content-type': 'text/plain' }, body: `${CLOUDFLARE_RANGES.ipv4.join('\n')}\n` },
      '/ips-v6': { headers: { 'content-type': 'text/plain' }, body: CLOUDFLARE_RANGES.ipv6.join('\n') },
    })
    try {
      const ranges = await fetchRanges(web.origin)
      expect(rangesModule(ranges, CLOUDFLARE_RANGES.checked)).toBe(await readFile(RANGES_FILE, 'utf8'))
    } finally {
      await web.close()
    }
  })

  it.each([
    ['an error page', { status: 503, body: 'down' }, /answered 503/],
    ['HTML instead of a list', { body: '<html>hi</html>' }, /is not an IPv4 range/],
    ['an IPv6 range in the IPv4 list', { body: '2606:4700::/32' }, /is not an IPv4 range/],
    ['an empty list', { body: '\n' }, /lists no ranges/],
  ])('refuses %s, so that the committed list is never emptied', async (_, page, error) => {
    const web = await startHttpServer({
      '/ips-v4': { headers: { 'content-type': 'text/plain' }, ...page },
      '/ips-v6': { headers: { 'content-type': 'text/plain' }, body: '2606:4700::/32' },
    })
    try {
      await expect(fetchRanges(web.origin)).rejects.toThrow(error)
    } finally {
      await web.close()
    }
  })
})
