import { RECHECK_DELAYS_MS, type DomainCheckStatus, type DomainStatus } from '../clerk/platform-api.js'
import { quote } from '../web/hostname.js'
import { defineCheck, PRODUCTION_ONLY } from './shared/check.js'

const PARTS = ['dns', 'ssl', 'mail'] as const

/**
 * Clerk's own status of the production domain, as `clerk deploy status` reads it from the Platform API (clerk/cli,
 * packages/cli-core/src/lib/plapi.ts: getApplicationDomainStatus): DNS verified, SSL issued, mail set up.
 */
export const clerkDomainStatusCheck = defineCheck({
  id: 'clerk.domain-status',
  title: "Clerk's own status of the production domain is complete",
  doc: {
    subject: 'the domain',
    verifies:
      "with `platform-api-key`: Clerk's own status of the domain (DNS, SSL, mail) is `complete`, asked as `clerk deploy status` asks it (clerk/cli `commands/deploy/status.ts`): first `POST …/domains/<domain>/dns_check` (Clerk re-checks the DNS; a 409 means a check is already running), then `GET …/domains/<domain>/status`, read again after 2 s and 4 s while not complete. A `fail` quotes Clerk's `failure_hints` (`code`, `message`: clerk/openapi-specs `platform/beta.yml`, `FailureHint`)",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'platform-api-key', 'domain', 'publishable-key'],
  side: 'clerk',
  network: {
    // After the applications oauth.providers asks for too: the re-check, then the status, read again after each wait.
    webExchanges: () => 2 + RECHECK_DELAYS_MS.length,
    dependentWebSteps: 1 + RECHECK_DELAYS_MS.length,
    waitsMs: () => RECHECK_DELAYS_MS.reduce((sum, ms) => sum + ms, 0),
  },
  async run({ domain, publishableKey }, { platform }) {
    const subject = domain.value
    const production = await platform.productionOf(publishableKey.value)
    if (!production.ok) {
      return [
        {
          subject,
          status: 'error',
          message: `the Platform API could not say which instance this is: ${production.detail}`,
        },
      ]
    }
    const status = await platform.domainStatus(production.data.applicationId, domain.value)
    if (!status.ok) {
      return [
        { subject, status: 'error', message: `the Platform API could not give the domain's status: ${status.detail}` },
      ]
    }
    // Outside data: a part's status is read when it is a short word, else it is unknown.
    const said = (value: unknown) => (typeof value === 'string' && /^[a-z_]{1,32}$/.test(value) ? value : undefined)
    const entryOf = (part: (typeof PARTS)[number]) => {
      const entry: unknown = status.data[part]
      return typeof entry === 'object' && entry !== null ? (entry as Partial<DomainCheckStatus>) : undefined
    }
    const parts = Object.fromEntries(PARTS.map(part => [part, said(entryOf(part)?.status) ?? 'unknown']))
    const overall = said(status.data.status) ?? quote(status.data.status)
    const hints = failureHints(status.data)
    const evidence = {
      status: overall,
      ...parts,
      rechecked: status.rechecked,
      ...(hints.length > 0 ? { failureHints: hints } : {}),
    }
    const pending = PARTS.filter(part => {
      const entry = entryOf(part)
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
        message: `Clerk reports ${subject} ${overall} (${status.rechecked}): ${
          pending.length > 0 ? pending.map(part => `${part.toUpperCase()} ${parts[part]}`).join(', ') : 'not complete'
        }${hints.length > 0 ? `; Clerk says: ${hints.map(h => `${h.message} (${h.code})`).join('; ')}` : ''}`,
        fix: 'Open the production instance\'s Domains page in the Clerk dashboard: it lists what is missing. Once the DNS records resolve (see dns.cname), press "Deploy certificates" on the home page.',
        evidence,
      },
    ]
  },
})

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
