import { caaSearchNames, judgeCaa, parseIssueValue, relevantCaaSet } from '../src/dns/caa.js'
import type { CaaRecord } from '../src/dns/client.js'

const issue = (value: string, flags = 0): CaaRecord => ({ flags, tag: 'issue', value })

describe('the relevant CAA set (RFC 8659 §3)', () => {
  it('climbs the parents of the original name up to the TLD', () => {
    expect(caaSearchNames('clerk.shop.example.co.uk')).toEqual([
      'clerk.shop.example.co.uk',
      'shop.example.co.uk',
      'example.co.uk',
      'co.uk',
      'uk',
    ])
  })

  it('takes the first non-empty set from the bottom', () => {
    const set = relevantCaaSet([
      { name: 'clerk.example.com', answer: { ok: true, records: [], empty: 'NODATA' } },
      { name: 'example.com', answer: { ok: true, records: [issue('pki.goog')] } },
      { name: 'com', answer: { ok: true, records: [issue('other.example')] } },
    ])
    expect(set).toEqual({ kind: 'set', name: 'example.com', records: [issue('pki.goog')] })
  })

  it('counts an iodef-only set as the relevant one', () => {
    const iodef = { flags: 0, tag: 'iodef', value: 'mailto:sec@example.com' }
    const set = relevantCaaSet([
      { name: 'a.example.com', answer: { ok: true, records: [iodef] } },
      { name: 'example.com', answer: { ok: true, records: [issue(';')] } },
    ])
    expect(set).toMatchObject({ kind: 'set', name: 'a.example.com' })
  })

  it('is an error when a lookup at or below the first set failed, and ignores failures above it', () => {
    const failed = { ok: false as const, code: 'ESERVFAIL', detail: 'x answered SERVFAIL' }
    expect(
      relevantCaaSet([
        { name: 'a.example.com', answer: failed },
        { name: 'example.com', answer: { ok: true, records: [issue('pki.goog')] } },
      ]),
    ).toMatchObject({ kind: 'error', name: 'a.example.com' })
    expect(
      relevantCaaSet([
        { name: 'a.example.com', answer: { ok: true, records: [issue('pki.goog')] } },
        { name: 'example.com', answer: failed },
      ]),
    ).toMatchObject({ kind: 'set' })
  })

  it('is none when no level has records', () => {
    expect(relevantCaaSet([{ name: 'example.com', answer: { ok: true, records: [], empty: 'NXDOMAIN' } }])).toEqual({
      kind: 'none',
    })
  })
})

describe('issue values (RFC 8659 §4.2)', () => {
  it.each([
    ['letsencrypt.org', { issuer: 'letsencrypt.org', parameters: [] }],
    [' letsencrypt.org ; ', { issuer: 'letsencrypt.org', parameters: [] }],
    [';', { issuer: '', parameters: [] }],
    [
      'letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1',
      {
        issuer: 'letsencrypt.org',
        parameters: [{ tag: 'accounturi', value: 'https://acme-v02.api.letsencrypt.org/acme/acct/1' }],
      },
    ],
    [
      'pki.goog; validationmethods=dns-01,http-01',
      { issuer: 'pki.goog', parameters: [{ tag: 'validationmethods', value: 'dns-01,http-01' }] },
    ],
  ])('%j parses', (value, parsed) => {
    expect(parseIssueValue(value)).toEqual(parsed)
  })

  it.each(['%%%%%', 'letsencrypt.org; novalue', 'letsencrypt.org; bad tag=x', 'letsencrypt.org; a=b c', '-bad.org'])(
    '%j does not parse',
    value => {
      expect(parseIssueValue(value)).toBeUndefined()
    },
  )
})

describe('judging a set as Boulder does (non-wildcard names)', () => {
  it('allows a set without issue properties (issuewild is ignored)', () => {
    expect(judgeCaa([{ flags: 0, tag: 'issuewild', value: ';' }], 'pki.goog')).toMatchObject({ allowed: true })
  })

  it('allows the named CA and refuses the others', () => {
    const records = [issue('letsencrypt.org')]
    expect(judgeCaa(records, 'letsencrypt.org').allowed).toBe(true)
    expect(judgeCaa(records, 'pki.goog')).toMatchObject({ allowed: false, reason: 'only letsencrypt.org may issue' })
  })

  it.each([128, 1, 129])('an unknown tag with flags %i forbids everything', flags => {
    const verdict = judgeCaa([issue('letsencrypt.org'), { flags, tag: 'tbs', value: 'x' }], 'letsencrypt.org')
    expect(verdict).toMatchObject({ allowed: false, critical: `${flags} tbs "x"` })
  })

  it.each(['issuemail', 'issuevmc', 'IssueMail'])(
    'does not count a critical %s as unknown (Boulder va/caa.go knows it), nor let it restrict issue',
    tag => {
      const verdict = judgeCaa([issue('letsencrypt.org'), { flags: 128, tag, value: ';' }], 'letsencrypt.org')
      expect(verdict).toMatchObject({ allowed: true })
      expect(judgeCaa([{ flags: 128, tag, value: 'pki.goog' }], 'letsencrypt.org').allowed).toBe(true)
    },
  )

  it('ignores a critical flag on a known tag, and an unknown tag without it', () => {
    expect(
      judgeCaa([issue('letsencrypt.org', 128), { flags: 2, tag: 'tbs', value: 'x' }], 'letsencrypt.org').allowed,
    ).toBe(true)
  })

  it('matches tags case-insensitively and issuers exactly', () => {
    expect(judgeCaa([{ flags: 0, tag: 'ISSUE', value: 'pki.goog' }], 'pki.goog').allowed).toBe(true)
    const verdict = judgeCaa([issue('LetsEncrypt.org')], 'letsencrypt.org')
    expect(verdict.allowed).toBe(false)
    expect(verdict.reason).toContain('"LetsEncrypt.org" is not "letsencrypt.org": CAs compare the issuer name exactly')
  })

  it('authorizes nobody with issue ";" or an unparseable value', () => {
    expect(judgeCaa([issue(';')], 'pki.goog')).toMatchObject({
      allowed: false,
      reason: 'no CA may issue; 0 issue ";" authorizes no CA',
    })
    expect(judgeCaa([issue('%%%%%')], 'pki.goog').reason).toContain('does not parse')
  })

  it('reports accounturi and validationmethods as restrictions', () => {
    const restricted = issue('pki.goog; accounturi=https://dv.acme-v02.api.pki.goog/account/1')
    expect(judgeCaa([restricted], 'pki.goog')).toMatchObject({
      allowed: true,
      restricted: [`0 issue ${JSON.stringify(restricted.value)}`],
    })
    expect(judgeCaa([restricted, issue('pki.goog')], 'pki.goog')).toMatchObject({ allowed: true, restricted: [] })
  })
})
