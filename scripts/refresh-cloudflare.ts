import { isIP } from 'node:net'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// `npx tsx scripts/refresh-cloudflare.ts`: fetches Cloudflare's published ranges and rewrites src/dns/cloudflare-ips.ts
// with today's date. The scheduled workflow .github/workflows/cloudflare-ranges.yml runs it and opens a pull request
// when the ranges changed.

export const CLOUDFLARE_IPS = 'https://www.cloudflare.com'
export const RANGES_FILE = fileURLToPath(new URL('../src/dns/cloudflare-ips.ts', import.meta.url))

export interface Ranges {
  ipv4: string[]
  ipv6: string[]
}

/** One list: a CIDR a line. Anything else (an error page, an empty answer) refuses the update, so nothing is lost. */
async function fetchList(url: string, family: 4 | 6): Promise<string[]> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  const lines = (await response.text())
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)
  for (const line of lines) {
    const [network, prefix, extra] = line.split('/')
    const bits = Number(prefix)
    if (
      extra !== undefined ||
      isIP(network ?? '') !== family ||
      !Number.isInteger(bits) ||
      bits < 8 ||
      bits > (family === 4 ? 32 : 128)
    )
      throw new Error(`${url}: ${JSON.stringify(line.slice(0, 60))} is not an IPv${family} range`)
  }
  if (lines.length === 0) throw new Error(`${url} lists no ranges`)
  return lines
}

export async function fetchRanges(base = CLOUDFLARE_IPS): Promise<Ranges> {
  const [ipv4, ipv6] = await Promise.all([fetchList(`${base}/ips-v4`, 4), fetchList(`${base}/ips-v6`, 6)])
  return { ipv4, ipv6 }
}

export function rangesModule(ranges: Ranges, checked: string): string {
  const list = (xs: string[]) => xs.map(x => `    '${x}',`).join('\n')
  return `/**
 * Cloudflare's published IP ranges, kept as data and dated: the date goes into dns.proxy's evidence. Refreshed by
 * scripts/refresh-cloudflare.ts (the cloudflare-ranges workflow runs it weekly and opens a pull request).
 */
export const CLOUDFLARE_RANGES = {
  source: 'https://www.cloudflare.com/ips-v4 and https://www.cloudflare.com/ips-v6',
  checked: '${checked}',
  ipv4: [
${list(ranges.ipv4)}
  ],
  ipv6: [
${list(ranges.ipv6)}
  ],
} as const
`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ranges = await fetchRanges()
  writeFileSync(RANGES_FILE, rangesModule(ranges, new Date().toISOString().slice(0, 10)))
  console.log(`${RANGES_FILE}: ${ranges.ipv4.length} IPv4 and ${ranges.ipv6.length} IPv6 ranges`)
}
