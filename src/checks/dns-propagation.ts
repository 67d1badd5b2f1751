import type { DnsAnswer } from '../dns/client.js'
import { formatCaa } from '../dns/caa.js'
import { defineCheck, type Finding, PRODUCTION_ONLY } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'
import { findRelevantSet } from './dns-caa.js'
import { dnsScope, dnsWorkBound } from './shared/dns-scope.js'

export const dnsPropagationCheck = defineCheck({
  id: 'dns.propagation',
  title: 'All DNS servers give the same answer',
  doc: {
    subject: 'record host',
    verifies: 'with two or more `dns-servers`, all give the same CNAME and CAA answers',
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain', 'two-dns-servers'],
  side: 'clerk',
  network: {
    // Every record's CNAME and every CAA level (over UDP and TCP), on every server.
    dnsQuestions: plan => {
      const { records, caaNames } = dnsWorkBound(plan)
      return plan.dnsServers.length * (records + 2 * caaNames)
    },
    dnsServers: 'each',
  },
  async run({ plan, domain }, { dns, clerk }) {
    const scope = await dnsScope(domain.value, plan, clerk, dns)
    if ('skip' in scope) return [scope.skip]
    return Promise.all(
      scope.records.map(async (record): Promise<Finding> => {
        const seen = await Promise.all(
          dns.servers.map(async server => {
            const cname = describeCname(await dns.query(server, record.host, 'CNAME'))
            if (!record.needsCertificate) return { server, ...cname }
            const set = await findRelevantSet(dns, server, record.host)
            const caa =
              set.kind === 'error'
                ? { error: set.detail, runner: set.runner }
                : {
                    view:
                      set.kind === 'none'
                        ? 'no CAA'
                        : `CAA at ${set.name}: ${set.records.map(formatCaa).sort().join(', ')}`,
                  }
            return {
              server,
              view: `${cname.view ?? ''}; ${caa.view ?? ''}`,
              error: cname.error ?? caa.error,
              runner: cname.runner ?? caa.runner,
            }
          }),
        )
        const evidence = { answers: Object.fromEntries(seen.map(s => [dns.describe(s.server), s.error ?? s.view])) }
        const runner = seen.find(s => s.runner)?.runner
        if (runner) return runnerSideError(record.host, runner, evidence)
        const failed = seen.find(s => s.error)
        if (failed) {
          return { subject: record.host, status: 'error', message: `could not compare: ${failed.error}`, evidence }
        }
        const views = new Set(seen.map(s => s.view))
        if (views.size === 1) {
          return {
            subject: record.host,
            status: 'pass',
            message: `${seen.length} servers agree: ${seen[0]?.view}`,
            evidence,
          }
        }
        return {
          subject: record.host,
          status: 'warn',
          message: `servers disagree about ${record.host}: ${seen.map(s => `${dns.describe(s.server)} sees ${s.view}`).join('; ')}`,
          fix: 'Wait for the records to propagate (up to their TTL, and up to 48 hours after a nameserver change), and check that every nameserver of the zone serves the same data.',
          evidence,
        }
      }),
    )
  },
})

function describeCname(answer: DnsAnswer<'CNAME'>): { view?: string; error?: string; runner?: string } {
  if (!answer.ok) return { error: answer.detail, runner: answer.runner }
  if (answer.records.length > 0) return { view: `CNAME ${answer.records.join(', ')}` }
  return { view: `no CNAME (${answer.empty ?? 'empty'})` }
}
