import type { RequiredRecord } from '../dns/clerk-records.js'
import { cloudflareMatcher } from '../dns/cloudflare.js'
import type { DnsClient } from '../dns/client.js'
import { defineCheck, type Finding, PRODUCTION_ONLY } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'
import type { Cause } from '../report/model.js'
import {
  addressesOf,
  cnameRecordPart,
  cnameRecordText,
  dnsScope,
  lookupHost,
  dnsWorkBound,
} from './shared/dns-scope.js'

export const dnsCnameCheck = defineCheck({
  id: 'dns.cname',
  title: "The CNAME records Clerk requires exist and point at Clerk's targets",
  doc: {
    subject: 'record host',
    verifies:
      "each CNAME Clerk asks for exists and points at Clerk's target: `clerk.` → `frontend-api.clerk.services` (not with `proxy-url`), `accounts.` → `accounts.clerk.services`, `clkmail.` → `mail.<id>.clerk.services`, `clk._domainkey.` → `dkim1.<id>…`, `clk2._domainkey.` → `dkim2.<id>…`, and the secondary set when configured: `clkmail2.` → `clkmail2.<id>…` or `mail2.<id>…`, `pdk1._domainkey.clkmail2.` → `dkim3.<id>…` or `clk3._domainkey.<id>…`, `pdk2._domainkey.clkmail2.` → `dkim4.<id>…` or `clk4._domainkey.<id>…` (Clerk's Domain Connect template, `Domain-Connect/Templates` `clerk.com.app.json`, and the dashboard's exports; the template's `track.clkmail2` is not required, since the dashboard does not list it). With Clerk's API, its `cname_targets` are the list instead. Missing, elsewhere, or an address record in its place fail with the exact record as fix; a right record whose Clerk target does not exist warns that the fault is upstream",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain'],
  side: 'clerk',
  network: {
    // CNAME, A and AAAA of each record, and the A of its target; and whose zone the domain is in (an SOA per label at
    // most, which every DNS check shares).
    dnsQuestions: plan => 4 * dnsWorkBound(plan).records + (plan.domain?.value.split('.').length ?? 0),
  },
  async run({ plan, domain }, { dns, clerk }) {
    const scope = await dnsScope(domain.value, plan, clerk, dns)
    if ('skip' in scope) return [scope.skip]
    const findings = await Promise.all(scope.records.map(record => checkRecord(dns, record)))
    if (plan.proxyUrl) {
      findings.unshift({
        subject: `clerk.${scope.domain}`,
        status: 'skip',
        message: `not required: the Frontend API is served through the proxy ${new URL(plan.proxyUrl).host}`,
      })
    }
    return findings
  },
})

async function checkRecord(dns: DnsClient, record: RequiredRecord): Promise<Finding> {
  const server = dns.primary
  // Clerk's fixed targets are asked about at once; a mail target is known only from the answer.
  const fixedTarget = record.target.includes('<') ? undefined : dns.query(server, record.target, 'A')
  const answers = await lookupHost(dns, server, record.host)
  const evidence: Record<string, unknown> = {
    server: dns.describe(server),
    expected: record.target,
    purpose: record.purpose,
  }

  if (!answers.cname.ok && answers.cname.runner) return runnerSideError(record.host, answers.cname.runner, evidence)
  if (!answers.cname.ok) {
    return {
      subject: record.host,
      status: 'error',
      message: `could not look up the ${record.purpose} record: ${answers.cname.detail}`,
      // dns.proxy asks the same question of the same server: the failure is said there once.
      followsFrom: [proxyOf(record)],
      evidence,
    }
  }
  const target = answers.cname.records[0]
  if (target !== undefined) {
    evidence.cname = target
    if (!record.accepts(target)) {
      return {
        subject: record.host,
        status: 'fail',
        message: `${record.host} points at ${target}, not at ${record.target} (${record.purpose})`,
        fix: `Change it to: ${cnameRecordText(record)}`,
        fixParts: { records: [cnameRecordPart(record, 'change')] },
        evidence,
      }
    }
    // An accepted alternative form (mail2.<id> for clkmail2.<id>) is looked up as it is.
    const upstream = await (fixedTarget && target === record.target ? fixedTarget : dns.query(server, target, 'A'))
    if (upstream.ok && upstream.empty === 'NXDOMAIN') {
      return {
        subject: record.host,
        status: 'warn',
        message: `${record.host} points at ${target} as it should, but ${target} does not exist (NXDOMAIN): the fault is upstream, on Clerk's side, not in your zone`,
        fix: "Nothing to change in your zone. Check Clerk's status page, or ask Clerk's support whether the instance's records changed.",
        evidence,
      }
    }
    return { subject: record.host, status: 'pass', message: `${record.host} → ${target} (${record.purpose})`, evidence }
  }

  const addresses = addressesOf(answers)
  if (addresses.length > 0) {
    evidence.addresses = addresses
    const isCloudflare = await cloudflareMatcher()
    const proxied = addresses.every(isCloudflare)
    return {
      subject: record.host,
      status: record.required ? 'fail' : 'warn',
      message: `${record.host} answers with address records (${addresses.join(', ')}) instead of a CNAME to ${record.target}${proxied ? ": they are Cloudflare's, so the record is proxied (see dns.proxy)" : ''}`,
      fix: proxied
        ? `Set the record to "DNS only" in Cloudflare, as ${cnameRecordText(record)}`
        : `Replace the address records with: ${cnameRecordText(record)}`,
      fixParts: { records: [cnameRecordPart(record, 'change')] },
      ...(proxied ? { followsFrom: [proxyOf(record)] } : {}),
      evidence,
    }
  }
  return {
    subject: record.host,
    status: record.required ? 'fail' : 'warn',
    message: `${record.host} has no CNAME record (${answers.cname.empty ?? 'no records'}); Clerk ${record.required ? 'needs' : 'lists, as optional,'} it for the ${record.purpose}`,
    fix: `Add: ${cnameRecordText(record)}`,
    fixParts: { records: [cnameRecordPart(record, 'add')] },
    evidence,
  }
}

/** dns.proxy's finding on the same record: a proxied record is also a missing CNAME, and one setting mends both. */
function proxyOf(record: RequiredRecord): Cause {
  return { id: 'dns.proxy', subject: record.host, fixedWithIt: true }
}
