import { runDemo } from '../demo/report.js'
import { boundFixParts, MAX_TEXT } from '../src/report/bound.js'
import { recordLine, type CheckResult, type Report } from '../src/report/model.js'
import { startDnsServer } from '../test-support/dns-server.js'
import { PK_LIVE } from '../test-support/keys.js'
import { runScenario } from '../test-support/scenario.js'
import { caa, clerkZone, without } from '../test-support/zones.js'

// A fix is data beside its sentence (issue 28 items 1 and 2): what the renderers lay out comes from `fixParts`, and
// which finding follows from which from `followsFrom`, both as the checks give them. The data and the sentence must
// say the same thing: a reader of the report's `fix` and a reader of the comment's block copy the same records.

const spans = (text = '') => [...text.matchAll(/`([^`]+)`/g)].map(m => m[1])
const of = (results: CheckResult[], id: string, subject?: string) =>
  results.filter(r => r.id === id && (subject === undefined || r.subject === subject))

let demo: Report
beforeAll(async () => {
  const run = await runDemo()
  if (!run.report) throw new Error(`the demo wrote no report: ${run.stderr}`)
  demo = run.report
}, 60_000)

describe("the demo's fixes as data", () => {
  it('name each DNS record their sentence names, in zone-file form', () => {
    const withRecords = demo.checks.filter(c => c.fixParts?.records)
    expect(withRecords.map(c => [c.id, c.subject])).toEqual([
      ['dns.cname', 'clkmail.example.com'],
      ['dns.proxy', 'clkmail.example.com'],
      ['dns.caa', 'clerk.example.com'],
      ['dns.caa', 'accounts.example.com'],
    ])
    for (const c of withRecords) {
      for (const record of c.fixParts?.records ?? []) expect(spans(c.fix)).toContain(recordLine(record))
    }
    expect(of(demo.checks, 'dns.proxy', 'clkmail.example.com')[0]?.fixParts?.records).toEqual([
      { action: 'change', name: 'clkmail.example.com.', type: 'CNAME', data: 'mail.ab12cd34ef56.clerk.services.' },
    ])
  })

  it('give the authorizedParties entries to add and remove, and the whole list corrected once', () => {
    const [slash, missing] = of(demo.checks, 'auth.authorized-parties').filter(c => c.status === 'fail')
    expect(slash?.fixParts?.list).toMatchObject({
      name: 'authorizedParties',
      remove: ['https://dashboard.example.com/'],
      add: ['https://dashboard.example.com'],
      corrected: ['https://example.com', 'https://dashboard.example.com', 'https://example.net'],
    })
    expect(slash?.fix).toContain(`authorizedParties: ${JSON.stringify(slash?.fixParts?.list?.corrected)}`)
    expect(missing?.fixParts?.list).toEqual({ name: 'authorizedParties', add: ['https://example.net'] })
  })

  it('give the corrected policy, each source the check found missing added to its directive', () => {
    const [csp] = of(demo.checks, 'csp')
    const missing = csp?.evidence?.missing as Array<{ directive: string; source: string }>
    const directives = csp?.fixParts?.policies?.[0]?.directives ?? []
    expect(missing.length).toBeGreaterThan(0)
    for (const m of missing) {
      expect(directives.find(d => d.name === m.directive)?.added).toContain(m.source)
      expect(spans(csp?.fix)).toContain(m.source)
    }
    // The deployed policy is kept: what is added is all that changes.
    const deployed = ((csp?.evidence?.policies as Array<{ text: string }>)[0]?.text ?? '').split(';').map(d => d.trim())
    const kept = directives.filter(d => !d.new).map(d => [d.name, ...d.sources].join(' '))
    expect(kept).toEqual(deployed.filter(d => d !== ''))
  })

  it('say which findings follow from which, by id and subject', () => {
    const follows = (id: string, subject: string) => of(demo.checks, id, subject)[0]?.followsFrom
    expect(follows('dns.cname', 'clkmail.example.com')).toEqual([
      { id: 'dns.proxy', subject: 'clkmail.example.com', fixedWithIt: true },
    ])
    expect(follows('deploy.certificates', 'clerk.example.com')).toEqual(
      ['dns.caa', 'dns.proxy', 'dns.cname'].map(id => ({ id, subject: 'clerk.example.com' })),
    )
    expect(follows('keys.pair', '—')).toEqual([
      { id: 'keys.secret', fixedWithIt: true },
      { id: 'keys.publishable', fixedWithIt: true },
    ])
    // A finding that passes follows from nothing.
    expect(demo.checks.filter(c => c.status === 'pass' && c.followsFrom)).toEqual([])
  })
})

describe('fixes as data elsewhere', () => {
  it('give the DMARC record to add, both CAA records beside a critical flag, and the list a production app lacks', async () => {
    const dns = await startDnsServer({
      records: [
        ...without(clerkZone('example.com'), '_dmarc.example.com'),
        caa('example.com', 'letsencrypt.org'),
        caa('example.com', 'x', 'tbs', 128),
      ],
    })
    try {
      const { results } = await runScenario({
        inputs: { environment: 'production', 'dns-servers': dns.address, 'app-origins': 'https://example.com' },
        env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
      })
      const [dmarc] = of(results, 'dns.dmarc')
      expect(dmarc?.fixParts?.records).toEqual([
        {
          action: 'add',
          name: '_dmarc.example.com.',
          type: 'TXT',
          data: '"v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"',
        },
      ])
      const [critical] = of(results, 'dns.caa', 'clerk.example.com')
      expect(critical?.fixParts?.records?.map(recordLine)).toEqual([
        'example.com. CAA 0 issue "letsencrypt.org"',
        'example.com. CAA 0 issue "pki.goog"',
      ])
      for (const line of critical?.fixParts?.records?.map(recordLine) ?? [])
        expect(spans(critical?.fix)).toContain(line)
      const [list] = of(results, 'auth.authorized-parties')
      expect(list?.fixParts?.list).toMatchObject({ add: ['https://example.com'], corrected: ['https://example.com'] })
    } finally {
      await dns.close()
    }
  })

  it('are left out when larger than a fix may be, and their strings cut as evidence is', () => {
    const long = 'x'.repeat(10_000)
    expect(boundFixParts({ list: { name: 'l', add: [long] } })?.list?.add?.[0]?.length).toBeLessThan(5000)
    const huge = Array.from({ length: 20_000 }, (_, i) => `https://app${i}.example.com`)
    expect(JSON.stringify(huge).length).toBeGreaterThan(MAX_TEXT)
    expect(boundFixParts({ list: { name: 'l', corrected: huge } })).toBeUndefined()
  })
})
