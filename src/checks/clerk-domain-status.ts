import type { DomainCheckStatus } from '../clerk/platform-api.js'
import { quote } from '../web/hostname.js'
import { type Check, PRODUCTION_ONLY, unmetNeed } from './check.js'

const PARTS = ['dns', 'ssl', 'mail'] as const

/**
 * Clerk's own status of the production domain, as `clerk deploy status` reads it from the Platform API (clerk/cli,
 * packages/cli-core/src/lib/plapi.ts: getApplicationDomainStatus): DNS verified, SSL issued, mail set up.
 */
export const clerkDomainStatusCheck: Check<'clerk.domain-status'> = {
  id: 'clerk.domain-status',
  title: "Clerk's own status of the production domain is complete",
  doc: {
    subject: 'the domain',
    verifies:
      "with `platform-api-key`: Clerk's own status of the domain (`GET /v1/platform/applications/<app>/domains/<domain>/status`: DNS, SSL, mail) is `complete`",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'platform-api-key', 'domain', 'publishable-key'],
  side: 'clerk',
  network: {
    // The domain's status, after the applications oauth.providers asks for too.
    webExchanges: () => 1,
    dependentWebSteps: 1,
  },
  async run(plan, { platform }) {
    const subject = plan.domain?.value ?? plan.environment.name
    if (!plan.domain) throw unmetNeed('domain')
    if (!plan.publishableKey) throw unmetNeed('publishable-key')
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
    // Outside data: a part's status is read when it is a short word, else it is unknown.
    const said = (value: unknown) => (typeof value === 'string' && /^[a-z_]{1,32}$/.test(value) ? value : undefined)
    const entryOf = (part: (typeof PARTS)[number]) => {
      const entry: unknown = status.data[part]
      return typeof entry === 'object' && entry !== null ? (entry as Partial<DomainCheckStatus>) : undefined
    }
    const parts = Object.fromEntries(PARTS.map(part => [part, said(entryOf(part)?.status) ?? 'unknown']))
    const overall = said(status.data.status) ?? quote(status.data.status)
    const evidence = { status: overall, ...parts }
    const pending = PARTS.filter(part => {
      const entry = entryOf(part)
      return entry && entry.status !== 'complete' && entry.required !== false
    })
    if (status.data.status === 'complete' && pending.length === 0) {
      return [{ subject, status: 'pass', message: `Clerk reports ${subject} complete: DNS, SSL and mail`, evidence }]
    }
    return [
      {
        subject,
        status: 'fail',
        message: `Clerk reports ${subject} ${overall}: ${
          pending.length > 0 ? pending.map(part => `${part.toUpperCase()} ${parts[part]}`).join(', ') : 'not complete'
        }`,
        fix: 'Open the production instance\'s Domains page in the Clerk dashboard: it lists what is missing. Once the DNS records resolve (see dns.cname), press "Deploy certificates" on the home page.',
        evidence,
      },
    ]
  },
}
