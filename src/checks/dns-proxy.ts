import { cloudflareMatcher } from '../dns/cloudflare.js'
import { CLOUDFLARE_RANGES } from '../dns/cloudflare-ips.js'
import { defineCheck, type Finding, PRODUCTION_ONLY } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'
import { addressesOf, cnameRecordPart, cnameRecordText, dnsScope, lookupHost } from './shared/dns-scope.js'

export const dnsProxyCheck = defineCheck({
  id: 'dns.proxy',
  title: 'Clerk records are not proxied through Cloudflare ("DNS only")',
  doc: {
    subject: 'record host',
    verifies:
      'the record is not proxied: answering with Cloudflare addresses and no CNAME fails ("set it to DNS only")',
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain'],
  side: 'clerk',
  network: {
    // Only what dns.cname asks (CNAME, A and AAAA of each record), answered once per run.
  },
  async run({ plan, domain }, { dns, clerk }) {
    const scope = await dnsScope(domain.value, plan, clerk, dns)
    if ('skip' in scope) return [scope.skip]
    const server = dns.primary
    return Promise.all(
      scope.records.map(async (record): Promise<Finding> => {
        const answers = await lookupHost(dns, server, record.host)
        const failed = [answers.cname, answers.a, answers.aaaa].find(a => a?.ok === false)
        if (answers.cname.ok && answers.cname.records.length > 0) {
          return { subject: record.host, status: 'pass', message: `${record.host} answers with its CNAME: not proxied` }
        }
        if (failed && !failed.ok && failed.runner) return runnerSideError(record.host, failed.runner)
        if (failed && !failed.ok) {
          return {
            subject: record.host,
            status: 'error',
            message: `could not tell whether ${record.host} is proxied: ${failed.detail}`,
          }
        }
        const addresses = addressesOf(answers)
        if (addresses.length === 0) {
          return { subject: record.host, status: 'skip', message: `${record.host} has no records (see dns.cname)` }
        }
        if (addresses.every(await cloudflareMatcher())) {
          return {
            subject: record.host,
            status: 'fail',
            message: `${record.host} answers with Cloudflare addresses (${addresses.join(', ')}) and no CNAME: it is proxied ("orange cloud"), so Clerk's DNS check and certificate issuance will fail`,
            fix: `In Cloudflare's DNS settings, set ${record.host} to "DNS only" (grey cloud): ${cnameRecordText(record)}`,
            fixParts: { records: [cnameRecordPart(record, 'change')] },
            evidence: { addresses, cloudflareRangesAsOf: CLOUDFLARE_RANGES.checked },
          }
        }
        return {
          subject: record.host,
          status: 'pass',
          message: `${record.host} answers with addresses that are not Cloudflare's: not proxied (dns.cname reports the missing CNAME)`,
          evidence: { addresses, cloudflareRangesAsOf: CLOUDFLARE_RANGES.checked },
        }
      }),
    )
  },
})
