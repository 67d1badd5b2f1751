/** The CNAME records a production Clerk instance asks for, as the dashboard's Domains page lists them. */

export interface RequiredRecord {
  host: string
  /** What the CNAME must point at; `<mail id>` stands for the instance's 12-character mail token when not pinned. */
  target: string
  /** Matches an acceptable target. */
  accepts: (target: string) => boolean
  purpose: string
  /** Hosts Clerk serves over HTTPS need a certificate, so CAA applies to them. */
  needsCertificate: boolean
  /** Clerk's API can mark a record optional; a missing optional record is a warning. */
  required: boolean
}

export interface RecordOptions {
  /** With a Frontend API proxy the clerk. CNAME is not used. */
  proxy: boolean
  mailId?: string
  secondaryMail: boolean
}

export const MAIL_ID_PATTERN = '[a-z0-9]{12}'
const CLERK_SERVICES = 'clerk.services'

/**
 * A mail CNAME's target, `<label>.<mail id>.clerk.services`. Where Clerk has published several labels for one record,
 * the first is what the fix shows and any of them is accepted.
 */
function mailTarget(labels: readonly string[], mailId: string | undefined): Pick<RequiredRecord, 'target' | 'accepts'> {
  const target = `${labels[0]}.${mailId ?? '<mail id>'}.${CLERK_SERVICES}`
  const alternatives = labels.map(l => l.replace(/\./g, '\\.')).join('|')
  const pattern = new RegExp(`^(?:${alternatives})\\.${mailId ?? MAIL_ID_PATTERN}\\.clerk\\.services$`)
  return { target, accepts: t => pattern.test(t) }
}

export function requiredRecords(domain: string, options: RecordOptions): RequiredRecord[] {
  const exact = (target: string) => ({ target, accepts: (t: string) => t === target })
  const records: RequiredRecord[] = []
  if (!options.proxy) {
    records.push({
      host: `clerk.${domain}`,
      ...exact('frontend-api.clerk.services'),
      purpose: 'Frontend API',
      needsCertificate: true,
      required: true,
    })
  }
  records.push(
    {
      host: `accounts.${domain}`,
      ...exact('accounts.clerk.services'),
      purpose: 'Account Portal',
      needsCertificate: true,
      required: true,
    },
    {
      host: `clkmail.${domain}`,
      ...mailTarget(['mail'], options.mailId),
      purpose: 'email sending',
      needsCertificate: false,
      required: true,
    },
    {
      host: `clk._domainkey.${domain}`,
      ...mailTarget(['dkim1'], options.mailId),
      purpose: 'DKIM 1',
      needsCertificate: false,
      required: true,
    },
    {
      host: `clk2._domainkey.${domain}`,
      ...mailTarget(['dkim2'], options.mailId),
      purpose: 'DKIM 2',
      needsCertificate: false,
      required: true,
    },
  )
  if (options.secondaryMail) {
    // Clerk's Domain Connect template (Domain-Connect/Templates, clerk.com.app.json, group secondary_mail) gives
    // clkmail2.<id> and dkim3/dkim4.<id>; dashboard exports show mail2.<id>, and earlier ones clk3/clk4._domainkey.<id>.
    // The template's track.clkmail2 record is left out: the dashboard does not list it. Clerk's API, when asked,
    // replaces this whole list with its own.
    records.push(
      {
        host: `clkmail2.${domain}`,
        ...mailTarget(['clkmail2', 'mail2'], options.mailId),
        purpose: 'email sending (secondary)',
        needsCertificate: false,
        required: true,
      },
      {
        host: `pdk1._domainkey.clkmail2.${domain}`,
        ...mailTarget(['dkim3', 'clk3._domainkey'], options.mailId),
        purpose: 'DKIM 3 (secondary)',
        needsCertificate: false,
        required: true,
      },
      {
        host: `pdk2._domainkey.clkmail2.${domain}`,
        ...mailTarget(['dkim4', 'clk4._domainkey'], options.mailId),
        purpose: 'DKIM 4 (secondary)',
        needsCertificate: false,
        required: true,
      },
    )
  }
  return records
}

/** A satellite domain serves only the Frontend API (it has no Account Portal, and mail comes from the primary). */
export function satelliteRecords(satellite: string): RequiredRecord[] {
  const target = 'frontend-api.clerk.services'
  return [
    {
      host: `clerk.${satellite}`,
      target,
      accepts: t => t === target,
      purpose: `Frontend API of the satellite ${satellite}`,
      needsCertificate: true,
      required: true,
    },
  ]
}

export interface ClerkListedTarget {
  host: string
  value: string
  required: boolean
}

const PURPOSES: Array<[RegExp, string]> = [
  [/^clerk\./, 'Frontend API'],
  [/^accounts\./, 'Account Portal'],
  [/_domainkey\./, 'DKIM'],
  [/^clkmail/, 'email sending'],
]

/** The records Clerk's Backend API lists for one of the instance's domains (`cname_targets`). */
export function recordsFromClerk(domain: string, targets: readonly ClerkListedTarget[]): RequiredRecord[] {
  return targets.map(t => {
    const name = t.host.toLowerCase().replace(/\.$/, '')
    // Clerk gives full host names; a bare label is taken as relative to the domain.
    const host = name === domain || name.endsWith(`.${domain}`) ? name : `${name}.${domain}`
    const target = t.value.toLowerCase().replace(/\.$/, '')
    return {
      host,
      target,
      accepts: (answer: string) => answer === target,
      purpose: `${PURPOSES.find(([pattern]) => pattern.test(host))?.[1] ?? 'Clerk'} (from Clerk's API)`,
      needsCertificate: /^(clerk|accounts)\./.test(host),
      required: t.required,
    }
  })
}
