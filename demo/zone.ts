import type { FixtureRecord } from '../test-support/dns-server.js'
import { caa, clerkZone, without } from '../test-support/zones.js'

/**
 * The demo's DNS, served on loopback: example.com has most of Clerk's records, but accounts. is proxied through
 * Cloudflare and the apex CAA set forgets Google Trust Services. The satellite example.net is set up right.
 */
export const DEMO_ZONE: FixtureRecord[] = [
  ...without(clerkZone('example.com'), 'accounts.example.com'),
  { name: 'accounts.example.com', type: 'A', data: '104.21.12.34' },
  { name: 'accounts.example.com', type: 'AAAA', data: '2606:4700:3030::6815:c22' },
  { name: 'clerk.example.net', type: 'CNAME', data: 'frontend-api.clerk.services' },
  caa('example.com', 'letsencrypt.org'),
  caa('example.com', 'mailto:security@example.com', 'iodef'),
]
