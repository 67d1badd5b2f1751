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
