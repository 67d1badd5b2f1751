import type { FixtureRecord } from './dns-server.js'

export const MAIL_ID = 'ab12cd34ef56'

/**
 * Clerk's side: the targets the CNAMEs point at. Their addresses are on loopback, where nothing listens on 443 (the
 * HTTPS stand-ins take 127.x.y.z with x ≥ 1): a live check that follows them is refused at once, never sent off the
 * machine.
 */
export function clerkSide(mailId = MAIL_ID): FixtureRecord[] {
  return [
    { name: 'frontend-api.clerk.services', type: 'A', data: '127.0.2.1' },
    { name: 'accounts.clerk.services', type: 'A', data: '127.0.2.2' },
    { name: `mail.${mailId}.clerk.services`, type: 'TXT', data: 'v=spf1 -all' },
    { name: `dkim1.${mailId}.clerk.services`, type: 'TXT', data: 'v=DKIM1; p=FAKE' },
    { name: `dkim2.${mailId}.clerk.services`, type: 'TXT', data: 'v=DKIM1; p=FAKE' },
  ]
}

/** A zone with every record Clerk asks for, correct. */
export function clerkZone(domain: string, mailId = MAIL_ID): FixtureRecord[] {
  return [
    { name: domain, type: 'A', data: '127.0.2.7' },
    { name: `clerk.${domain}`, type: 'CNAME', data: 'frontend-api.clerk.services' },
    { name: `accounts.${domain}`, type: 'CNAME', data: 'accounts.clerk.services' },
    { name: `clkmail.${domain}`, type: 'CNAME', data: `mail.${mailId}.clerk.services` },
    { name: `clk._domainkey.${domain}`, type: 'CNAME', data: `dkim1.${mailId}.clerk.services` },
    { name: `clk2._domainkey.${domain}`, type: 'CNAME', data: `dkim2.${mailId}.clerk.services` },
    { name: `_dmarc.${domain}`, type: 'TXT', data: `v=DMARC1; p=quarantine; rua=mailto:dmarc@${domain}` },
    ...clerkSide(mailId),
  ]
}

export function caa(name: string, value: string, tag = 'issue', flags = 0): FixtureRecord {
  return { name, type: 'CAA', data: { flags, tag, value } }
}

/** Replaces the records of `name` (all types, or one). */
export function without(records: FixtureRecord[], name: string, type?: string): FixtureRecord[] {
  return records.filter(r => !(r.name === name && (!type || r.type === type)))
}
