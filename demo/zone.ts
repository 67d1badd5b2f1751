import type { FixtureRecord } from '../test-support/dns-server.js'
import { caa, clerkZone, without } from '../test-support/zones.js'

/**
 * The demo's DNS, served on loopback: example.com has most of Clerk's records, but clkmail. was added in Cloudflare,
 * which proxies a new record unless told otherwise, and the apex CAA set forgets Google Trust Services. The satellite
 * example.net is set up right. Only the mail record holds Cloudflare's addresses: the live checks dial clerk. and
 * accounts., which lead to loopback, and never a host off this machine.
 */
export const DEMO_ZONE: FixtureRecord[] = [
  ...without(clerkZone('example.com'), 'clkmail.example.com'),
  { name: 'clkmail.example.com', type: 'A', data: '104.21.12.34' },
  { name: 'clkmail.example.com', type: 'AAAA', data: '2606:4700:3030::6815:c22' },
  { name: 'clerk.example.net', type: 'CNAME', data: 'frontend-api.clerk.services' },
  caa('example.com', 'letsencrypt.org'),
  caa('example.com', 'mailto:security@example.com', 'iodef'),
]
