import { caaSearchNames, CLERK_CAS, formatCaa, judgeCaa, relevantCaaSet, type RelevantSet } from '../dns/caa.js'
import type { DnsClient } from '../dns/client.js'
import { defineCheck, type Finding, PRODUCTION_ONLY } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'
import { recordLine, type DnsRecordPart } from '../report/model.js'
import { dnsScope, dnsWorkBound } from './shared/dns-scope.js'

export const dnsCaaCheck = defineCheck({
  id: 'dns.caa',
  title: "CAA records let Clerk's certificate authorities issue",
  doc: {
    subject: '`clerk.<domain>`, `accounts.<domain>`',
    verifies:
      "the RFC 8659 relevant CAA set lets both `letsencrypt.org` and `pki.goog` issue, judged as Let's Encrypt's Boulder does (`va/caa.go`: a critical flag forbids issuance only on a tag it does not know; it knows `issue`, `issuewild`, `iodef`, `issuemail` (RFC 9495) and `issuevmc`); a lookup that fails at or below the relevant set is a `fail` as a CA would refuse, unless the resolver answers nothing at all this run (not even the root zone's SOA): then it is the runner's `error`",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain'],
  side: 'clerk',
  network: {
    // Every CAA level, over UDP and, where it has no records, over TCP (for the TC bit).
    dnsQuestions: plan => 2 * dnsWorkBound(plan).caaNames,
  },
  async run({ plan, domain }, { dns, clerk }) {
    const scope = await dnsScope(domain.value, plan, clerk, dns)
    if ('skip' in scope) return [scope.skip]
    const hosts = scope.records.filter(r => r.needsCertificate).map(r => r.host)
    return Promise.all(hosts.map(async host => judgeHost(host, await findRelevantSet(dns, dns.primary, host))))
  },
})

/** Every level is asked at once, so the climb costs one round trip; shared parents are asked once for all hosts. */
export async function findRelevantSet(dns: DnsClient, server: string, host: string): Promise<RelevantSet> {
  const names = caaSearchNames(host)
  const answers = await Promise.all(names.map(name => dns.query(server, name, 'CAA')))
  return relevantCaaSet(names.map((name, i) => ({ name, answer: answers[i]! })))
}

function judgeHost(host: string, set: RelevantSet): Finding {
  if (set.kind === 'error' && set.runner) return runnerSideError(host, set.runner, { relevantName: set.name })
  if (set.kind === 'error') {
    return {
      subject: host,
      status: 'fail',
      message: `a CA would refuse to issue for ${host}: the CAA lookup at ${set.name} failed (${set.detail}), and records could be hiding behind the failure`,
      fix: `Make ${set.name} answer CAA queries (an empty answer is fine); SERVFAIL often comes from broken DNSSEC or a nameserver that does not know the CAA type.`,
      evidence: { relevantName: set.name, error: set.detail },
    }
  }
  if (set.kind === 'none') {
    return {
      subject: host,
      status: 'pass',
      message: `no CAA records at ${host} or its parents: every CA may issue, ${CLERK_CAS.join(' and ')} included`,
      evidence: { relevantName: null, records: [] },
    }
  }
  const records = set.records.map(formatCaa)
  const verdicts = CLERK_CAS.map(ca => judgeCaa(set.records, ca))
  const evidence = { relevantName: set.name, records }
  const refused = verdicts.filter(v => !v.allowed)
  if (refused.length > 0) {
    const critical = refused.find(v => v.critical)?.critical
    return {
      subject: host,
      status: 'fail',
      message: `${set.name} has CAA records that do not allow ${refused.map(v => v.ca).join(' or ')} (${refused.map(v => v.reason).join('; ')})`,
      fix: critical
        ? `Remove the critical flag from ${critical} at ${set.name} (or the record), and make sure ${addRecords(set.name, CLERK_CAS)} exist.`
        : `Add: ${addRecords(
            set.name,
            refused.map(v => v.ca),
          )}`,
      fixParts: { records: issueRecords(set.name, critical ? CLERK_CAS : refused.map(v => v.ca)) },
      evidence,
    }
  }
  const restricted = verdicts.flatMap(v => v.restricted)
  if (restricted.length > 0) {
    return {
      subject: host,
      status: 'warn',
      message: `${set.name} allows ${CLERK_CAS.join(' and ')} only with parameters (${[...new Set(restricted)].join(', ')}): accounturi or validationmethods can block the ACME account or method Clerk uses`,
      fix: `Add records without parameters for Clerk, e.g. ${addRecords(set.name, CLERK_CAS)}`,
      fixParts: { records: issueRecords(set.name, CLERK_CAS) },
      evidence,
    }
  }
  return {
    subject: host,
    status: 'pass',
    message: `the CAA records at ${set.name} allow ${CLERK_CAS.join(' and ')}`,
    evidence,
  }
}

/** One `issue` record a CA, without parameters: what lets each of Clerk's CAs issue. */
function issueRecords(name: string, cas: readonly string[]): DnsRecordPart[] {
  return cas.map(ca => ({ action: 'add', name: `${name}.`, type: 'CAA', data: `0 issue "${ca}"` }))
}

function addRecords(name: string, cas: readonly string[]): string {
  return issueRecords(name, cas)
    .map(record => `\`${recordLine(record)}\``)
    .join(' and ')
}
