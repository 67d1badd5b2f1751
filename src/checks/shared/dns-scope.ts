import type { ClerkApi } from '../../clerk/api.js'
import { caaSearchNames } from '../../dns/caa.js'
import { recordsFromClerk, requiredRecords, satelliteRecords, type RequiredRecord } from '../../dns/clerk-records.js'
import type { DnsAnswer, DnsClient } from '../../dns/client.js'
import type { Plan } from '../../settings/plan.js'
import { sharedZoneOf } from '../../web/public-suffix.js'
import type { CheckPlan, Finding } from './check.js'
import { recordLine, type DnsRecordPart } from '../../report/model.js'

export type DnsScope = { skip: Finding } | { domain: string; records: RequiredRecord[] }

/**
 * The records the DNS checks judge: the ones Clerk's Backend API lists for the instance's domains, satellites included,
 * when it can be asked; else the built-in list. On a shared domain there are none to judge, and the checks say why.
 * The runner skips the DNS checks where there is no production instance or domain.
 *
 * The DNS questions do not wait for Clerk's answer: the built-in records are asked about at once, alongside Clerk's
 * list and the shared-zone question, and Clerk's list, naming the same hosts, finds their answers asked for. A run
 * takes the longer of the two, not their sum (with a silent Backend API, its timeouts instead of them plus DNS).
 */
export async function dnsScope(domain: string, plan: CheckPlan, clerk: ClerkApi, dns: DnsClient): Promise<DnsScope> {
  const listing = clerk.domains()
  const builtIn = builtInRecords(plan, domain)
  askAhead(dns, builtIn)
  const shared = await sharedZoneOf(domain, dns)
  if (shared) {
    return {
      skip: {
        subject: domain,
        status: 'skip',
        message: `${domain} is on ${shared.suffix}, a shared domain whose DNS its operator runs (${shared.how}): no Clerk record can be added there (see keys.frontend-api)`,
      },
    }
  }
  const listed = await listing
  if (listed.ok && listed.data.some(d => (d.cname_targets ?? []).length > 0)) {
    return { domain, records: listed.data.flatMap(d => recordsFromClerk(d.name, d.cname_targets ?? [])) }
  }
  return { domain, records: builtIn }
}

/**
 * Puts the first questions the DNS checks ask about these records on their way (each is asked once per run, so a
 * check asking later gets the same answer): every record's CNAME and, for the hosts that need a certificate, every
 * CAA level, of every server when there are several (dns.propagation compares them), else of the first.
 */
function askAhead(dns: DnsClient, records: readonly RequiredRecord[]): void {
  const servers = dns.servers.length > 1 ? dns.servers : [dns.primary]
  const caaNames = new Set(records.filter(r => r.needsCertificate).flatMap(r => caaSearchNames(r.host)))
  for (const server of servers) {
    for (const record of records) void dns.query(server, record.host, 'CNAME')
    for (const name of caaNames) void dns.query(server, name, 'CAA')
  }
}

/** The records Clerk asks for, as this action knows them without asking Clerk. */
function builtInRecords(plan: CheckPlan, domain: string): RequiredRecord[] {
  return [
    ...requiredRecords(domain, {
      proxy: plan.proxyUrl !== undefined,
      mailId: plan.mailId,
      secondaryMail: plan.secondaryMail,
    }),
    ...plan.satellites.flatMap(satelliteRecords),
  ]
}

/** Clerk's own list of records may be longer than the built-in one: for the worst case it counts as three times as long. */
const CLERK_LIST_FACTOR = 3

/** The most records, and CAA names above them, that the DNS checks of a run can ask about (for the worst case). */
export function dnsWorkBound(plan: Plan): { records: number; caaNames: number } {
  if (!plan.domain) return { records: 0, caaNames: 0 }
  const records = builtInRecords(plan, plan.domain.value)
  const caaNames = new Set(records.filter(r => r.needsCertificate).flatMap(r => caaSearchNames(r.host)))
  return { records: CLERK_LIST_FACTOR * records.length, caaNames: CLERK_LIST_FACTOR * caaNames.size }
}

export interface HostAnswers {
  cname: DnsAnswer<'CNAME'>
  /** Asked only where the host has no CNAME (see lookupHost). */
  a?: DnsAnswer<'A'>
  aaaa?: DnsAnswer<'AAAA'>
}

/**
 * What a host answers: its CNAME and, only where it has none, its addresses (a record in a CNAME's place, or
 * Cloudflare's proxy flattening one). A host with its CNAME (every passing record) costs one question, not three; one
 * without costs a round trip more. The client asks each question once per run.
 */
export async function lookupHost(dns: DnsClient, server: string, host: string): Promise<HostAnswers> {
  const cname = await dns.query(server, host, 'CNAME')
  if (cname.ok && cname.records.length > 0) return { cname }
  const [a, aaaa] = await Promise.all([dns.query(server, host, 'A'), dns.query(server, host, 'AAAA')])
  return { cname, a, aaaa }
}

export function addressesOf(answers: HostAnswers): string[] {
  return [answers.a, answers.aaaa].flatMap(a => (a?.ok ? a.records.map(r => r.address) : []))
}

/** The record Clerk asks for, as fix data: added where there is none, else what the one there changes into. */
export function cnameRecordPart(record: RequiredRecord, action: DnsRecordPart['action']): DnsRecordPart {
  return { action, name: `${record.host}.`, type: 'CNAME', data: `${record.target}.` }
}

/** The fix a user can paste into a zone, as a code span in what is rendered. */
export function cnameRecordText(record: RequiredRecord): string {
  return `\`${recordLine(cnameRecordPart(record, 'add'))}\``
}
