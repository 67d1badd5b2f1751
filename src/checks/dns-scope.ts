import type { ClerkApi } from '../clerk/api.js'
import { recordsFromClerk, requiredRecords, satelliteRecords, type RequiredRecord } from '../dns/clerk-records.js'
import type { DnsAnswer, DnsClient } from '../dns/client.js'
import type { Plan } from '../settings/plan.js'
import { sharedZoneOf } from '../web/public-suffix.js'
import type { Finding } from './check.js'

export type DnsScope = { skip: Finding } | { domain: string; records: RequiredRecord[] }

/**
 * DNS checks apply to a production instance with a known domain; otherwise they say why they were skipped. The records
 * are the ones Clerk's Backend API lists for the instance's domains, satellites included, when it can be asked; else
 * the built-in list.
 */
export async function dnsScope(plan: Plan, clerk: ClerkApi, dns: DnsClient): Promise<DnsScope> {
  if (plan.environment.instanceType !== 'production') {
    return {
      skip: {
        subject: plan.environment.name,
        status: 'skip',
        message: `${plan.environment.name} uses a development instance, whose DNS Clerk hosts itself`,
      },
    }
  }
  if (!plan.domain) {
    return {
      skip: {
        subject: plan.environment.name,
        status: 'skip',
        message: 'no production domain: set `domain`, or pass the live publishable key it can be read from',
      },
    }
  }
  const domain = plan.domain.value
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
  const listed = await clerk.domains()
  if (listed.ok && listed.data.some(d => (d.cname_targets ?? []).length > 0)) {
    return { domain, records: listed.data.flatMap(d => recordsFromClerk(d.name, d.cname_targets ?? [])) }
  }
  return {
    domain,
    records: [
      ...requiredRecords(domain, {
        proxy: plan.proxyUrl !== undefined,
        mailId: plan.mailId,
        secondaryMail: plan.secondaryMail,
      }),
      ...plan.satellites.flatMap(satelliteRecords),
    ],
  }
}

export interface HostAnswers {
  cname: DnsAnswer<'CNAME'>
  a: DnsAnswer<'A'>
  aaaa: DnsAnswer<'AAAA'>
}

/** What a host answers, all three questions at once (the client asks each question once per run). */
export async function lookupHost(dns: DnsClient, server: string, host: string): Promise<HostAnswers> {
  const [cname, a, aaaa] = await Promise.all([
    dns.query(server, host, 'CNAME'),
    dns.query(server, host, 'A'),
    dns.query(server, host, 'AAAA'),
  ])
  return { cname, a, aaaa }
}

export function addressesOf(answers: HostAnswers): string[] {
  return [answers.a, answers.aaaa].flatMap(a => (a.ok ? a.records.map(r => r.address) : []))
}

/** The fix a user can paste into a zone, as a code span in what is rendered. */
export function cnameRecordText(record: RequiredRecord): string {
  return `\`${record.host}. CNAME ${record.target}.\``
}
