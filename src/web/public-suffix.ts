/**
 * The Public Suffix List through tldts, with private domains on as browsers use them (vercel.app and github.io are
 * suffixes). Loaded on first use: the list is large, and only some runs need it.
 */
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
