import { renderComment } from '../src/render/comment.js'
import { fenced } from '../src/render/markdown.js'
import { present, verdictText } from '../src/render/presentation.js'
import { HOME_CHECKS_DOC } from '../src/render/doc-links.js'
import { renderSummary } from '../src/render/summary.js'
import { buildReport } from '../src/report/build.js'
import type { Cause, CheckId, CheckResult, FixParts, Report, Status } from '../src/report/model.js'
import { correctedPolicies } from '../src/web/csp-correction.js'
import type { Missing } from '../src/web/csp-policy.js'
import { codeBlocks, renderGfm, visibleText } from '../test-support/gfm.js'

// How findings become problems (issue 20): one cause said once, what follows from it under it, the records and the
// corrected lists to copy. The report keeps every finding; only the telling changes.

function finding(
  id: CheckId,
  subject: string,
  status: Status,
  message: string,
  fix?: string,
  more: { fixParts?: FixParts; followsFrom?: Cause[] } = {},
): CheckResult {
  return { id, subject, status, title: id, message, ...(fix ? { fix } : {}), ...more }
}

function report(checks: CheckResult[], name = 'production'): Report {
  return buildReport({ name, instanceType: 'production', source: 'input', phase: 'after-deploy' }, checks, 3)
}

const DEPLOY = 'Press "Deploy certificates".'
const CAA_FIX = 'Add: `example.com. CAA 0 issue "pki.goog"`'
const CAA_RECORD = { action: 'add', name: 'example.com.', type: 'CAA', data: '0 issue "pki.goog"' } as const
const caa = (host: string) =>
  finding('dns.caa', host, 'fail', 'example.com does not allow pki.goog', CAA_FIX, {
    fixParts: { records: [CAA_RECORD] },
  })
// As deploy.certificates declares it: its finding on a host follows from those of the DNS checks on that host.
const certificate = (host: string) =>
  finding(
    'deploy.certificates',
    host,
    'fail',
    `${host} does not answer TLS on port 443 (${host}:443 refused)`,
    DEPLOY,
    {
      followsFrom: (['dns.caa', 'dns.proxy', 'dns.cname'] as const).map(id => ({ id, subject: host })),
    },
  )

describe('problems', () => {
  it('are findings that share a fix, naming each subject once, and keep every finding in the report', () => {
    const checks = [caa('clerk.example.com'), caa('accounts.example.com')]
    const presented = present(report(checks))
    expect(presented.problems).toHaveLength(1)
    expect(presented.problems[0]).toMatchObject({
      ids: ['dns.caa'],
      subjects: ['clerk.example.com', 'accounts.example.com'],
      messages: [{ text: 'example.com does not allow pki.goog', likewise: [] }],
      fix: CAA_FIX,
    })
    expect(presented.report.checks).toEqual(checks)
  })

  it('show a finding that follows from another under its cause, on the same subject only', () => {
    const presented = present(
      report([
        certificate('clerk.example.com'),
        certificate('clerk.example.net'),
        caa('clerk.example.com'),
        finding('deploy.frontend-api', 'clerk.example.com', 'fail', 'the Frontend API does not answer', 'Wait.', {
          followsFrom: [{ id: 'deploy.certificates', subject: 'clerk.example.com' }],
        }),
      ]),
    )
    expect(presented.problems.map(p => [p.ids, p.subjects])).toEqual([
      [['deploy.certificates'], ['clerk.example.net']],
      [['dns.caa'], ['clerk.example.com']],
    ])
    // A chain (no certificate, so no Frontend API) is shown under its first cause.
    const followers = presented.problems[1]?.followers ?? []
    expect(followers.map(f => [f.ids, f.fixedWithCause])).toEqual([
      [['deploy.certificates'], false],
      [['deploy.frontend-api'], false],
    ])
  })

  it('do not follow from a warning', () => {
    const presented = present(
      report([{ ...caa('clerk.example.com'), status: 'warn' }, certificate('clerk.example.com')]),
    )
    expect(presented.problems.map(p => p.ids[0])).toEqual(['deploy.certificates', 'dns.caa'])
  })

  it('say a key pair of two instance types is fixed with the key of the wrong one', () => {
    const presented = present(
      report([
        finding('keys.secret', 'CLERK_SECRET_KEY', 'fail', 'a sk_test_ key', 'Copy the live one.'),
        finding('keys.pair', '—', 'fail', 'pk_live_ and sk_test_', 'Copy both from one instance.', {
          followsFrom: [
            { id: 'keys.secret', fixedWithIt: true },
            { id: 'keys.publishable', fixedWithIt: true },
          ],
        }),
      ]),
    )
    expect(presented.problems).toHaveLength(1)
    expect(presented.problems[0]?.followers[0]).toMatchObject({
      ids: ['keys.pair'],
      subjects: [],
      fixedWithCause: true,
    })
    const summary = renderSummary(report(presented.report.checks))
    expect(summary).toContain(
      `Follows from it, and is fixed with it: <a href="${HOME_CHECKS_DOC}#keyspair"><code>keys.pair</code></a></summary>`,
    )
    expect(summary).not.toContain('Copy both from one instance.')
    // The comment names it inside its cause, on a line of the cause's paragraph.
    const comment = renderComment(report(presented.report.checks), {})
    expect(comment).toContain(
      `<br>\n↳ ❌ [\`keys.pair\`](${HOME_CHECKS_DOC}#keyspair) follows from it, and is fixed with it`,
    )
    expect(comment).not.toContain('pk_live_ and sk_test_')
  })

  it('fold by the causes findings declare alone, and a circle of causes leaves every finding a place', () => {
    const a = finding('dns.caa', 'h', 'fail', 'a', 'Fix a.', { followsFrom: [{ id: 'dns.proxy', subject: 'h' }] })
    const b = finding('dns.proxy', 'h', 'fail', 'b', 'Fix b.', { followsFrom: [{ id: 'dns.caa', subject: 'h' }] })
    const c = finding('dns.cname', 'h', 'fail', 'c', 'Fix c.', { followsFrom: [{ id: 'dns.cname' }] })
    const problems = present(report([a, b, c])).problems
    expect(problems.map(p => [p.ids, p.followers.map(f => f.ids)])).toEqual([
      [['dns.proxy'], [['dns.caa']]],
      [['dns.cname'], []],
    ])
    // Without the declaration, a certificate that CAA blocks is a problem of its own.
    const undeclared = { ...certificate('clerk.example.com'), followsFrom: undefined }
    expect(present(report([caa('clerk.example.com'), undeclared])).problems).toHaveLength(2)
  })

  it('tell the same failure on several subjects once, naming the others', () => {
    const three = present(report(['a', 'b', 'c'].map(h => certificate(`${h}.example.com`))))
    expect(three.problems[0]?.messages).toEqual([
      { text: expect.stringMatching(/^a\.example\.com /), likewise: ['b.example.com', 'c.example.com'] },
    ])
    const body = renderSummary(report(three.report.checks))
    expect(body).toContain(
      'a.example.com does not answer TLS on port 443 (a.example.com:443 refused); likewise b.example.com and c.example.com',
    )
    const five = renderSummary(report(['a', 'b', 'c', 'd', 'e'].map(h => certificate(`${h}.example.com`))))
    expect(five).toContain('; likewise the other 4')
    expect(five).toContain(
      `[\`deploy.certificates\`](${HOME_CHECKS_DOC}#deploycertificates) · a.example.com, b.example.com, c.example.com and 2 more`,
    )
  })

  it('without a fix, are the findings of one check that say the same but for their subject', () => {
    const timedOut = (host: string) => finding('dns.cname', host, 'error', `could not look up ${host}: timed out`)
    const problems = present(
      report([timedOut('a.example.com'), timedOut('b.example.com'), finding('dns.cname', 'c', 'error', 'SERVFAIL')]),
    ).problems
    expect(problems.map(p => [p.status, p.subjects, p.messages.length])).toEqual([
      ['error', ['a.example.com', 'b.example.com'], 1],
      ['error', ['c'], 1],
    ])
  })

  it('list different messages, the first five open, then folded, then counted', () => {
    const checks = Array.from({ length: 60 }, (_, i) =>
      finding('dns.cname', `h${i}.example.com`, 'fail', `record ${i} is odd in its own way`, 'Fix them all.'),
    )
    const html = renderGfm(renderSummary(report(checks)))
    const open = html.slice(0, html.indexOf('<details>'))
    expect(open.match(/<li>/g)).toHaveLength(5)
    expect(html).toContain('<summary>45 more</summary>')
    expect(visibleText(html)).toContain('10 more: see the JSON report.')
  })
})

const LIST = { name: 'authorizedParties', apply: 'Pass this list to `clerkMiddleware()`:' }

describe('the corrected authorizedParties list', () => {
  it('is one problem for every entry and origin of the list, apart from the code that never passes one', () => {
    const problems = present(
      report([
        finding(
          'auth.authorized-parties',
          'https://a.example/',
          'fail',
          'trailing slash',
          'Replace it. The whole list, corrected: `authorizedParties: ["https://a.example","https://b.example"]`',
          {
            fixParts: {
              list: {
                ...LIST,
                remove: ['https://a.example/'],
                add: ['https://a.example'],
                corrected: ['https://a.example', 'https://b.example'],
              },
            },
          },
        ),
        finding('auth.authorized-parties', 'https://b.example', 'fail', 'not listed', 'Add `"https://b.example"`.', {
          fixParts: { list: { name: LIST.name, add: ['https://b.example'] } },
        }),
        finding(
          'auth.authorized-parties',
          'src/middleware.ts:3',
          'warn',
          'never mentions it',
          'Pass { authorizedParties: [...] }.',
        ),
      ]),
    ).problems
    expect(problems.map(p => p.subjects)).toEqual([
      ['https://a.example/', 'https://b.example'],
      ['src/middleware.ts:3'],
    ])
    expect(problems[0]?.fix).toBe(LIST.apply)
    const block = problems[0]?.block
    expect(block?.text).toBe('authorizedParties: [\n  "https://a.example",\n  "https://b.example",\n]')
    // What the list adds, marked where it stands: both entries (one replaces an entry with a trailing slash).
    expect(block?.added.map(a => block.text.slice(a.at, a.at + a.length))).toEqual([
      '"https://a.example"',
      '"https://b.example"',
    ])
  })

  it("is the check's own fix when no origin is known", () => {
    const fix = 'Pass `authorizedParties: []` to clerkMiddleware().'
    const none = finding('auth.authorized-parties', 'authorized-parties', 'fail', 'none', fix, {
      fixParts: { list: { ...LIST, add: [], corrected: [] } },
    })
    const problem = present(report([none])).problems[0]
    expect(problem).toMatchObject({ fix })
    expect(problem?.block).toBeUndefined()
  })
})

describe('the verdict', () => {
  it('names what failed, the first three checks and an ellipsis', () => {
    const checks = (['keys.secret', 'dns.caa', 'csp', 'webhooks.endpoint'] as const).map(id =>
      finding(id, 's', 'fail', `${id} is wrong`, `Fix ${id}.`),
    )
    expect(verdictText(present(report([...checks, finding('dns.dmarc', 'd', 'warn', 'no DMARC', 'Add one.')])))).toBe(
      'Clerk preflight: production is not ready: 4 problems and 1 warning (keys.secret, dns.caa, csp, …)',
    )
  })

  it('names the warnings of a run that is ready, and says nothing more of one that passes', () => {
    expect(verdictText(present(report([finding('dns.dmarc', 'd', 'warn', 'no DMARC', 'Add one.')])))).toBe(
      'Clerk preflight: production is ready, with 1 warning (dns.dmarc)',
    )
    expect(verdictText(present(report([finding('dns.dmarc', 'd', 'pass', 'fine')])))).toBe(
      'Clerk preflight: production is ready',
    )
  })
})

const CLKMAIL = {
  action: 'change',
  name: 'clkmail.example.com.',
  type: 'CNAME',
  data: 'mail.x.clerk.services.',
} as const

describe('the DNS records to paste', () => {
  it('are every record a fix names, once, with the checks that ask, in one zone-file block', () => {
    const presented = present(
      report([
        caa('clerk.example.com'),
        caa('accounts.example.com'),
        finding(
          'dns.proxy',
          'clkmail.example.com',
          'fail',
          'proxied',
          'Set `clkmail.example.com. CNAME mail.x.clerk.services.`',
          { fixParts: { records: [CLKMAIL] } },
        ),
        finding(
          'dns.cname',
          'clkmail.example.com',
          'fail',
          'no CNAME',
          'As `clkmail.example.com. CNAME mail.x.clerk.services.`',
          { fixParts: { records: [CLKMAIL] } },
        ),
        // A record in a fix's sentence is not read: only its data is.
        finding('dns.dmarc', '_dmarc.example.com', 'warn', 'none', 'Add `_dmarc.example.com. TXT "v=DMARC1"`.'),
        finding('csp', 'https://example.com/', 'fail', 'blocks', 'Add to `script-src`: `https://clerk.example.com`'),
      ]),
    )
    expect(presented.records).toEqual([
      { text: 'example.com. CAA 0 issue "pki.goog"', ids: ['dns.caa'] },
      { text: 'clkmail.example.com. CNAME mail.x.clerk.services.', ids: ['dns.proxy', 'dns.cname'] },
    ])
    const blocks = codeBlocks(renderGfm(renderSummary(presented.report)))
    expect(blocks).toContain(
      '; dns.caa\nexample.com. CAA 0 issue "pki.goog"\n; dns.proxy, dns.cname\nclkmail.example.com. CNAME mail.x.clerk.services.\n',
    )
  })
})

describe('the corrected Content-Security-Policy', () => {
  const header = (text: string, from: 'header' | 'meta' = 'header') => [{ from, text }]
  const need = (directive: string, source: string, governedBy = directive): Missing => ({
    directive,
    governedBy,
    source,
    severity: 'fail',
  })
  // Each corrected policy as it reads joined, directive by directive.
  const joined = (policies: ReturnType<typeof correctedPolicies>) =>
    policies.map(p => p.directives.map(d => [d.name, ...d.sources, ...d.added].join(' ')))

  it("adds a source to its directive, and a directive the policy lacks with its fallback's sources", () => {
    const policies = correctedPolicies(header("default-src 'self' https://cdn.example; script-src 'self'"), [
      need('script-src', 'https://clerk.example.com'),
      need('img-src', 'https://img.clerk.com', 'default-src'),
    ])
    expect(joined(policies)).toEqual([
      [
        "default-src 'self' https://cdn.example",
        "script-src 'self' https://clerk.example.com",
        "img-src 'self' https://cdn.example https://img.clerk.com",
      ],
    ])
    // What is added is marked: the source, and the directive the policy lacked.
    expect(policies[0]?.directives.map(d => [d.added, d.new ?? false])).toEqual([
      [[], false],
      [['https://clerk.example.com'], false],
      [['https://img.clerk.com'], true],
    ])
  })

  it("drops 'none' where a source comes in, and a nonce beside 'unsafe-inline', which it would void", () => {
    expect(
      joined(
        correctedPolicies(header("default-src 'none'; style-src 'self' 'nonce-abc'"), [
          need('img-src', 'https://img.clerk.com', 'default-src'),
          need('style-src-attr', "'unsafe-inline'", 'style-src'),
        ]),
      ),
    ).toEqual([
      [
        "default-src 'none'",
        "style-src 'self' 'nonce-abc'",
        'img-src https://img.clerk.com',
        "style-src-attr 'self' 'unsafe-inline'",
      ],
    ])
    expect(joined(correctedPolicies(header("img-src 'none'"), [need('img-src', 'https://img.clerk.com')]))).toEqual([
      ['img-src https://img.clerk.com'],
    ])
  })

  it("keeps a header's policies together, leaves a policy that needs nothing alone, and reads meta policies", () => {
    const needs = [need('script-src', 'https://clerk.example.com')]
    expect(joined(correctedPolicies(header("script-src 'self', frame-ancestors 'none'"), needs))).toEqual([
      ["script-src 'self' https://clerk.example.com"],
      ["frame-ancestors 'none'"],
    ])
    expect(correctedPolicies(header("script-src 'self' https://clerk.example.com"), needs)).toEqual([])
    // A comma is part of a meta element's one policy; a directive another policy lacks is not added here.
    expect(joined(correctedPolicies(header("script-src 'self', x", 'meta'), needs))).toEqual([
      ["script-src 'self', x https://clerk.example.com"],
    ])
    expect(correctedPolicies(header("img-src 'self'"), [need('connect-src', 'https://a', 'default-src')])).toEqual([])
  })

  const csp = (fixParts?: FixParts) =>
    finding('csp', 'https://example.com/', 'fail', 'blocks', 'Add to `script-src`: `https://a`', { fixParts })

  it('is told as one block to copy, each added source on a line of its own, a blank line between two policies', () => {
    const policies = correctedPolicies(header("script-src 'self' https://long.example, img-src 'self'"), [
      need('script-src', 'https://a'),
      need('script-src', 'https://b'),
      need('img-src', 'https://img.clerk.com'),
    ])
    const problem = present(report([csp({ policies })])).problems[0]
    expect(problem?.fix).toContain('each source added is on a line of its own under it')
    expect(problem?.fix).toContain('a blank line parts two policies (one header joins them with a comma)')
    const block = problem?.block
    expect(block?.text).toBe(
      "script-src 'self' https://long.example\n  https://a\n  https://b;\n\nimg-src 'self'\n  https://img.clerk.com;",
    )
    expect(block?.added.map(a => block.text.slice(a.at, a.at + a.length))).toEqual([
      'https://a',
      'https://b',
      'https://img.clerk.com',
    ])
    // Joined by spaces, the lines are the header's value.
    expect(block?.text.split('\n\n').map(p => p.split('\n').join(' ').replace(/ +/g, ' '))).toEqual([
      "script-src 'self' https://long.example https://a https://b;",
      "img-src 'self' https://img.clerk.com;",
    ])
  })

  it('is the check’s own fix when it gives no corrected policy', () => {
    for (const parts of [undefined, { policies: [] }]) {
      const problem = present(report([csp(parts)])).problems[0]
      expect(problem?.fix).toBe('Add to `script-src`: `https://a`')
      expect(problem?.block).toBeUndefined()
    }
  })
})

describe('fitting a platform’s limit', () => {
  it('tells a problem too large for the comment without its block, which the summary has whole', () => {
    const origins = Array.from({ length: 3000 }, (_, i) => `https://app${i}.example.com`)
    const list = finding(
      'auth.authorized-parties',
      origins[0] as string,
      'fail',
      'not listed',
      `Add it. The whole list, corrected: \`authorizedParties: ${JSON.stringify(origins)}\``,
      { fixParts: { list: { ...LIST, add: [origins[0] as string], corrected: origins } } },
    )
    const body = renderComment(report([list, finding('csp', 'u', 'fail', 'blocks', 'Fix it.')]), {})
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(65_536)
    expect(body).toContain('*The block to copy is too long for here: see the job summary.*')
    expect(renderSummary(report([list]))).toContain('  "https://app2999.example.com",\n]')
  })

  it('fences a block so that no line of it can close the fence', () => {
    const text = 'a\n```\n````\nb'
    expect(codeBlocks(renderGfm(fenced(text)))).toEqual([`${text}\n`])
  })
})

describe('src/render/', () => {
  it('names no check id: what it shows of a check comes from the findings', async () => {
    const { readdirSync, readFileSync } = await import('node:fs')
    const { CHECKS } = await import('../src/checks/index.js')
    const ids = ['config', ...CHECKS.map(c => c.id)]
    const named: string[] = []
    for (const file of readdirSync('src/render')) {
      const text = readFileSync(`src/render/${file}`, 'utf8')
      for (const id of ids) {
        // Quoted anywhere, or as a dotted id in a comment (`config` and `csp` are words too, but not quoted).
        const quoted = ["'", '"', '`'].some(q => text.includes(`${q}${id}${q}`))
        const dotted = id.includes('.') && new RegExp(`(?<![\\w.-])${id.replace(/\./g, '\\.')}(?![\\w-])`).test(text)
        if (quoted || dotted) named.push(`${file}: ${id}`)
      }
    }
    expect(named).toEqual([])
  })
})
