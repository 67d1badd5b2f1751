import type { DnsClient } from '../dns/client.js'
import { domainFacts } from '../web/public-suffix.js'
import { defineCheck, PRODUCTION_ONLY } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'
import { recordLine, type DnsRecordPart } from '../report/model.js'
import { dnsScope } from './shared/dns-scope.js'

/**
 * Clerk sends a production instance's mail from the instance's domain and asks for DMARC on it ("Make sure DMARC is
 * set up": clerk.com/docs/troubleshooting/email-deliverability). Read as a receiver reads it (RFC 7489 §6.6.3): the
 * TXT records at _dmarc.<domain> that start with v=DMARC1; none there, those of the organizational domain.
 */
export const dnsDmarcCheck = defineCheck({
  id: 'dns.dmarc',
  title: 'The domain publishes a DMARC policy for the mail Clerk sends',
  doc: {
    subject: '`_dmarc.<domain>`',
    verifies:
      "the domain publishes one DMARC record (`v=DMARC1` first, a `p=` of `none`, `quarantine` or `reject`), as Clerk's [email deliverability guide](https://clerk.com/docs/troubleshooting/email-deliverability) asks; read as RFC 7489 §6.6.3 has receivers read it, falling back to the organizational domain's record (and its `sp=`). `pass` with the policy in the evidence; `warn` when missing (with the record to add), without a valid policy, or doubled",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain'],
  side: 'clerk',
  network: {
    // The domain's TXT, then the organizational domain's.
    dnsQuestions: () => 2,
  },
  async run(inputs, { dns, clerk }) {
    const scope = await dnsScope(inputs.domain.value, inputs.plan, clerk, dns)
    if ('skip' in scope) return [scope.skip]
    const domain = scope.domain
    const subject = `_dmarc.${domain}`
    const own = await dmarcAt(dns, domain)
    if (!own.ok)
      return [own.runner ? runnerSideError(subject, own.runner) : { subject, status: 'error', message: own.detail }]
    let found = own.records
    let name = subject
    if (found.length === 0) {
      const organizational = (await domainFacts(domain)).registrable
      if (organizational && organizational !== domain) {
        const inherited = await dmarcAt(dns, organizational)
        if (!inherited.ok)
          return [
            inherited.runner
              ? runnerSideError(subject, inherited.runner)
              : { subject, status: 'error', message: inherited.detail },
          ]
        if (inherited.records.length > 0) {
          found = inherited.records
          name = `_dmarc.${organizational}`
        }
      }
    }
    const toAdd = dmarcRecord(domain)
    const add = `Add: \`${recordLine(toAdd)}\`, then raise \`p\` to \`quarantine\` or \`reject\` once the reports show only your own senders (Clerk: clerk.com/docs/troubleshooting/email-deliverability).`
    if (found.length === 0) {
      return [
        {
          subject,
          status: 'warn',
          message: `${domain} has no DMARC record, so mailbox providers have no policy for mail from it, Clerk's verification mail included, and deliver it less reliably`,
          fix: add,
          fixParts: { records: [toAdd] },
          evidence: { name: subject },
        },
      ]
    }
    if (found.length > 1) {
      return [
        {
          subject,
          status: 'warn',
          message: `${name} has ${found.length} DMARC records: receivers apply none of them when there is more than one (RFC 7489 §6.6.3)`,
          fix: `Keep one of them and delete the others.`,
          evidence: { name, records: found },
        },
      ]
    }
    const record = found[0] as string
    const tags = dmarcTags(record)
    const inherited = name !== subject
    // A subdomain under the organizational domain's record gets its sp= policy, else its p= (RFC 7489 §6.6.3).
    const policy = inherited ? (tags.sp ?? tags.p) : tags.p
    const evidence = { name, record, policy, ...(tags.sp ? { subdomainPolicy: tags.sp } : {}) }
    if (!policy || !POLICIES.has(policy.toLowerCase())) {
      return [
        {
          subject,
          status: 'warn',
          message: `the DMARC record at ${name} has ${policy ? `the policy p=${policy}, which is not none, quarantine or reject` : 'no policy (p=)'}: receivers do not apply it as written`,
          fix: `Put the policy right after the version: \`"v=DMARC1; p=none; …"\` (or quarantine, or reject).`,
          evidence,
        },
      ]
    }
    return [
      {
        subject,
        status: 'pass',
        message: `${inherited ? `${domain} has no record of its own; the organizational domain's ${name}` : name} sets the policy p=${policy.toLowerCase()}${policy.toLowerCase() === 'none' ? ' (reports only: failing mail is still delivered)' : ''}`,
        evidence,
      },
    ]
  },
})

const POLICIES = new Set(['none', 'quarantine', 'reject'])

/** The version tag is case-sensitive (RFC 7489 §6.4: `%x44 %x4d %x41 %x52 %x43 %x31`). */
const DMARC_VERSION = /^v\s*=\s*DMARC1\s*(;|$)/

async function dmarcAt(
  dns: DnsClient,
  domain: string,
): Promise<{ ok: true; records: string[] } | { ok: false; detail: string; runner?: string }> {
  const answer = await dns.query(dns.primary, `_dmarc.${domain}`, 'TXT')
  if (!answer.ok) return answer
  return { ok: true, records: answer.records.map(r => r.trim()).filter(r => DMARC_VERSION.test(r)) }
}

/** Tag names are case-insensitive; values are kept as written. */
function dmarcTags(record: string): Record<string, string> {
  const tags: Record<string, string> = {}
  for (const part of record.split(';')) {
    const at = part.indexOf('=')
    if (at === -1) continue
    const key = part.slice(0, at).trim().toLowerCase()
    if (key && !(key in tags)) tags[key] = part.slice(at + 1).trim()
  }
  return tags
}

/** The record to start with: `p=none` and reports to the domain itself (RFC 7489 §6.3). */
function dmarcRecord(domain: string): DnsRecordPart {
  return {
    action: 'add',
    name: `_dmarc.${domain}.`,
    type: 'TXT',
    data: `"v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}"`,
  }
}
