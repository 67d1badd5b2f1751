import type { CaaRecord, DnsAnswer } from './client.js'

/** The certificate authorities Clerk obtains its certificates from; CAA must let both issue. */
export const CLERK_CAS = ['letsencrypt.org', 'pki.goog'] as const

/**
 * Tags a CA knows, so that a critical flag on them does not forbid issuance: RFC 8659's three, issuemail (S/MIME, RFC
 * 9495) and issuevmc (Verified Mark Certificates, from the VMC requirements, not RFC 9495), as Let's Encrypt's Boulder
 * recognizes them (va/caa.go, filterCAA).
 */
const KNOWN_TAGS = new Set(['issue', 'issuewild', 'iodef', 'issuemail', 'issuevmc'])

/** `clerk.example.com` -> [clerk.example.com, example.com, com]: every name whose CAA set may be the relevant one. */
export function caaSearchNames(host: string): string[] {
  const labels = host.split('.')
  return labels.map((_, i) => labels.slice(i).join('.'))
}

export type RelevantSet =
  | { kind: 'none' }
  | { kind: 'set'; name: string; records: CaaRecord[] }
  /** `runner`: the lookup failed on the runner's side (see DnsClient.runnerTrouble), so nothing is known of the set. */
  | { kind: 'error'; name: string; detail: string; runner?: string }

/**
 * RFC 8659 §3: the relevant record set is the first non-empty CAA set found climbing from the name itself towards
 * the root, each query following aliases (so a CNAME target's set counts for the name that points at it), while the
 * climb goes through the parents of the original name. As Boulder does, every level is asked at once and a failed
 * lookup at or below the first non-empty set is taken as a refusal: real records may hide behind it.
 */
export function relevantCaaSet(levels: ReadonlyArray<{ name: string; answer: DnsAnswer<'CAA'> }>): RelevantSet {
  for (const { name, answer } of levels) {
    if (!answer.ok)
      return { kind: 'error', name, detail: answer.detail, ...(answer.runner && { runner: answer.runner }) }
    if (answer.records.length > 0) return { kind: 'set', name, records: answer.records }
  }
  return { kind: 'none' }
}

export interface IssueValue {
  issuer: string
  parameters: Array<{ tag: string; value: string }>
}

const ISSUER = /^[A-Za-z0-9](?:-*[A-Za-z0-9])*(?:\.[A-Za-z0-9](?:-*[A-Za-z0-9])*)*$/
const PARAMETER_TAG = /^[A-Za-z0-9](?:-*[A-Za-z0-9])*$/
const PARAMETER_VALUE = /^[\x21-\x3a\x3c-\x7e]*$/

/** An issue/issuewild value per RFC 8659 §4.2: `[issuer-domain-name] *(";" tag "=" value)`; undefined if malformed. */
export function parseIssueValue(value: string): IssueValue | undefined {
  const trim = (s: string) => s.replace(/^[ \t]+|[ \t]+$/g, '')
  const [head = '', ...rest] = value.split(';')
  const issuer = trim(head)
  if (issuer !== '' && !ISSUER.test(issuer)) return undefined
  // "letsencrypt.org;" has one empty parameter list, not a malformed parameter.
  if (rest.length === 1 && trim(rest[0] as string) === '') return { issuer, parameters: [] }
  const parameters: IssueValue['parameters'] = []
  for (const part of rest) {
    const eq = part.indexOf('=')
    if (eq === -1) return undefined
    const tag = trim(part.slice(0, eq))
    const val = trim(part.slice(eq + 1))
    if (!PARAMETER_TAG.test(tag) || !PARAMETER_VALUE.test(val)) return undefined
    parameters.push({ tag, value: val })
  }
  return { issuer, parameters }
}

export function formatCaa(record: CaaRecord): string {
  return `${record.flags} ${record.tag} ${JSON.stringify(record.value)}`
}

export interface IssuerVerdict {
  ca: string
  allowed: boolean
  /** Why, for the message. */
  reason: string
  /** Records that allow this CA only for some ACME accounts or validation methods. */
  restricted: string[]
  /** A record whose critical flag on an unknown tag forbids everything. */
  critical?: string
}

const RESTRICTING = new Set(['accounturi', 'validationmethods'])

/** Whether `ca` may issue for a non-wildcard name under this relevant set, judged as Let's Encrypt's Boulder does. */
export function judgeCaa(records: readonly CaaRecord[], ca: string): IssuerVerdict {
  // The critical flag is bit 128; Boulder also honours bit 1, which many zones set by misreading the RFC.
  const critical = records.find(r => !KNOWN_TAGS.has(r.tag.toLowerCase()) && (r.flags & (128 | 1)) !== 0)
  if (critical) {
    return {
      ca,
      allowed: false,
      reason: `${formatCaa(critical)} marks a tag CAs do not know as critical, which forbids all issuance`,
      restricted: [],
      critical: formatCaa(critical),
    }
  }
  // issuewild is ignored for names that are not wildcards (RFC 8659 §4.3).
  const issue = records.filter(r => r.tag.toLowerCase() === 'issue')
  if (issue.length === 0) return { ca, allowed: true, reason: 'no issue property restricts issuance', restricted: [] }

  const restricted: string[] = []
  let clean = false
  const notes: string[] = []
  for (const record of issue) {
    const parsed = parseIssueValue(record.value)
    if (!parsed) {
      notes.push(`${formatCaa(record)} does not parse and authorizes no CA`)
      continue
    }
    if (parsed.issuer === ca) {
      if (parsed.parameters.some(p => RESTRICTING.has(p.tag))) restricted.push(formatCaa(record))
      else clean = true
    } else if (parsed.issuer.toLowerCase() === ca) {
      notes.push(`${JSON.stringify(parsed.issuer)} is not ${JSON.stringify(ca)}: CAs compare the issuer name exactly`)
    } else if (parsed.issuer === '') {
      notes.push(`${formatCaa(record)} authorizes no CA`)
    }
  }
  if (clean || restricted.length > 0) {
    return {
      ca,
      allowed: true,
      reason:
        restricted.length > 0 && !clean ? `allowed only with the parameters of ${restricted.join(', ')}` : 'allowed',
      restricted: clean ? [] : restricted,
    }
  }
  const named = issue.map(r => parseIssueValue(r.value)?.issuer).filter((i): i is string => !!i)
  return {
    ca,
    allowed: false,
    reason: [named.length > 0 ? `only ${[...new Set(named)].join(', ')} may issue` : 'no CA may issue', ...notes].join(
      '; ',
    ),
    restricted: [],
  }
}
