import type { FixtureRecord } from '../test-support/dns-server.js'
import { caa, clerkZone } from '../test-support/zones.js'

/** The benchmark's instance: a primary domain and `count - 1` satellites, every record correct. */
export function benchDomains(count: number): { primary: string; satellites: string[] } {
  return { primary: 'shop0.example', satellites: Array.from({ length: count - 1 }, (_, i) => `shop${i + 1}.example`) }
}

/** Every record of the largest run, and CAA for Clerk's two CAs at each domain. */
export function benchZone(count: number): FixtureRecord[] {
  const { primary, satellites } = benchDomains(count)
  return [
    ...clerkZone(primary),
    ...satellites.map((s): FixtureRecord => ({
      name: `clerk.${s}`,
      type: 'CNAME',
      data: 'frontend-api.clerk.services',
    })),
    ...[primary, ...satellites].flatMap(d => [caa(d, 'letsencrypt.org'), caa(d, 'pki.goog')]),
  ]
}
