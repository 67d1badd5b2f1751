/**
 * The Public Suffix List through tldts, with private domains on as browsers use them (vercel.app and github.io are
 * suffixes). Loaded on first use: the list is large, and only some runs need it.
 */
import type { DnsClient } from '../dns/client.js'

type Tldts = typeof import('tldts')
let tldts: Promise<Tldts> | undefined

function load(): Promise<Tldts> {
  tldts ??= import('tldts')
  return tldts
}

export interface DomainFacts {
  /** The registrable domain (example.co.uk for shop.example.co.uk), or null for a suffix or an IP. */
  registrable: string | null
  isPublicSuffix: boolean
  isIp: boolean
}

export async function domainFacts(host: string): Promise<DomainFacts> {
  const { parse } = await load()
  const parsed = parse(host, { allowPrivateDomains: true })
  return {
    registrable: parsed.domain,
    isPublicSuffix: parsed.publicSuffix === host && !parsed.isIp,
    isIp: parsed.isIp === true,
  }
}

export interface SharedZone {
  /** The Public Suffix List private-section suffix. */
  suffix: string
  /** How it was told: the DNS (no zone of the user's own), or the list alone when the DNS could not say. */
  how: string
}

/**
 * Whose zone a host under a private-section suffix is in. The list cannot tell a registry (us.com, eu.org, co.nl: the
 * owner of shop.us.com runs its zone) from a hosting platform (vercel.app: the platform runs the zone); the DNS can. A
 * zone cut at or below the registrable name (an SOA there) is the user's; none, and the name is in the suffix's own
 * zone: shared. Undefined when the host is not under a private suffix, or the zone is the user's.
 */
export async function sharedZoneOf(host: string, dns: DnsClient): Promise<SharedZone | undefined> {
  const suffix = await sharedDomainOf(host)
  if (!suffix) return undefined
  const registrable = (await domainFacts(host)).registrable ?? host
  const labels = host.split('.')
  const names = labels.map((_, i) => labels.slice(i).join('.')).filter(n => n.endsWith(registrable))
  const answers = await Promise.all(names.map(name => dns.query(dns.primary, name, 'SOA')))
  const apex = names.find((_, i) => {
    const answer = answers[i]
    return answer?.ok && answer.records.length > 0
  })
  if (apex) return undefined
  const failed = answers.find(a => !a.ok)
  if (failed && !failed.ok) {
    return {
      suffix,
      how: `the DNS could not say whose zone it is in (${failed.detail}), so the Public Suffix List's private section is taken at its word`,
    }
  }
  return { suffix, how: `the DNS has no zone of its own at ${registrable} (no SOA there): ${suffix} runs it` }
}

/**
 * The Public Suffix List private-section suffix a host is under (`vercel.app` for `myapp.vercel.app`, also `web.app`,
 * `workers.dev`, `up.railway.app`): a domain its operator runs for many customers, where no customer controls the DNS
 * above their own name. Undefined for an ICANN suffix (`com`, `co.uk`) or an IP address.
 */
export async function sharedDomainOf(host: string): Promise<string | undefined> {
  const { parse } = await load()
  const parsed = parse(host, { allowPrivateDomains: true })
  return parsed.isPrivate && parsed.publicSuffix ? parsed.publicSuffix : undefined
}
