import type { DomainStatus } from '../clerk/platform-api.js'
import type { Check } from './check.js'
import { liveSkip } from './live.js'

const PARTS = ['dns', 'ssl', 'mail'] as const

/**
 * Clerk's own status of the production domain, as `clerk deploy status` reads it from the Platform API (clerk/cli,
 * packages/cli-core/src/lib/plapi.ts: getApplicationDomainStatus): DNS verified, SSL issued, mail set up.
 */
export const domainStatusCheck: Check = {
  id: 'clerk.domain-status',
  title: "Clerk's own status of the production domain is complete",
  side: 'clerk',
  async run(plan, { platform }) {
    const subject = plan.domain?.value ?? plan.environment.name
    const skipped = liveSkip(plan, subject)
    if (skipped) return [skipped]
    if (!platform.enabled) {
      return [{ subject, status: 'skip', message: "not asked: Clerk's domain status needs `platform-api-key`" }]
    }
    if (plan.environment.instanceType !== 'production' || !plan.domain || !plan.publishableKey) {
      return [{ subject, status: 'skip', message: 'applies to a production instance with a known domain and key' }]
    }
    const production = await platform.productionOf(plan.publishableKey.value)
    if (!production.ok) {
      return [
        {
          subject,
          status: 'error',
          message: `the Platform API could not say which instance this is: ${production.detail}`,
        },
      ]
    }
    const status = await platform.domainStatus(production.data.applicationId, plan.domain.value)
    if (!status.ok) {
      return [
        { subject, status: 'error', message: `the Platform API could not give the domain's status: ${status.detail}` },
      ]
    }
    const parts = Object.fromEntries(PARTS.map(part => [part, status.data[part]?.status ?? 'unknown']))
    const hints = failureHints(status.data)
    const evidence = {
      status: status.data.status,
      ...parts,
      rechecked: status.rechecked,
      ...(hints.length > 0 ? { failureHints: hints } : {}),
    }
    const pending = PARTS.filter(part => {
      const entry = status.data[part]
      return entry && entry.status !== 'complete' && entry.required !== false
    })
    if (status.data.status === 'complete' && pending.length === 0) {
      return [
        {
          subject,
          status: 'pass',
          message: `Clerk reports ${subject} complete: DNS, SSL and mail (${status.rechecked})`,
          evidence,
        },
      ]
    }
    return [
      {
        subject,
        status: 'fail',
        message: `Clerk reports ${subject} ${status.data.status} (${status.rechecked}): ${
          pending.length > 0 ? pending.map(part => `${part.toUpperCase()} ${parts[part]}`).join(', ') : 'not complete'
        }${hints.length > 0 ? `; Clerk says: ${hints.map(h => `${h.message} (${h.code})`).join('; ')}` : ''}`,
        fix: 'Open the production instance\'s Domains page in the Clerk dashboard: it lists what is missing. Once the DNS records resolve (see dns.cname), press "Deploy certificates" on the home page.',
        evidence,
      },
    ]
  },
}

/** Clerk's own reasons, from every part that has them; a few, each bounded, since they are quoted. */
const MAX_HINTS = 5

function failureHints(status: DomainStatus): Array<{ code: string; message: string }> {
  const lists = [
    status.ssl?.failure_hints,
    status.dns?.failure_hints,
    status.mail?.failure_hints,
    ...Object.values(status.dns?.cnames ?? {}).map(cname => cname?.failure_hints),
    ...Object.values(status.ssl_hosts ?? {}).map(host => host?.failure_hints),
  ]
  const seen = new Map<string, { code: string; message: string }>()
  for (const list of lists) {
    if (!Array.isArray(list)) continue
    for (const hint of list.slice(0, MAX_HINTS)) {
      if (typeof hint?.message !== 'string') continue
      const code = typeof hint.code === 'string' ? hint.code.slice(0, 100) : 'hint'
      const message = hint.message.slice(0, 300)
      if (!seen.has(`${code} ${message}`)) seen.set(`${code} ${message}`, { code, message })
      if (seen.size >= MAX_HINTS) return [...seen.values()]
    }
  }
  return [...seen.values()]
}
