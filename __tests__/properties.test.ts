import fc from 'fast-check'
import { jest } from '@jest/globals'
import { stringify } from 'yaml'
import { judgeCaa, parseIssueValue } from '../src/dns/caa.js'
import { originProblem } from '../src/checks/auth-authorized-parties.js'
import { parsePublishableKey, parseSecretKey } from '../src/clerk/keys.js'
import { parseConfigText } from '../src/settings/config-parser.js'
import { missingForClerk, parsePolicies, sourceMatches, metaPolicies } from '../src/web/csp-policy.js'
import { normalizeHostname } from '../src/web/hostname.js'
import { escapeHtml, fenced, inline } from '../src/render/markdown.js'
import { renderComment, COMMENT_LIMIT } from '../src/render/comment.js'
import { problemLines } from '../src/render/log.js'
import { present } from '../src/render/presentation.js'
import { renderSummary, SUMMARY_LIMIT } from '../src/render/summary.js'
import { checkRunAnnotations } from '../src/github/annotations.js'
import { buildReport } from '../src/report/build.js'
import { plainEvidence } from '../src/report/bound.js'
import type { CheckResult } from '../src/report/model.js'
import { makeRedactor, redactDeep } from '../src/redact.js'
import { sameOriginScripts } from '../src/web/shipped-keys.js'
import { asRead, codeBlocks, codeTexts, renderGfm, tagsUsed, visibleText } from '../test-support/gfm.js'

// Everything that parses input from outside: any input gives a result, never a throw, and never repeats a secret.

const slices = (text: string) => Array.from({ length: Math.max(0, text.length - 11) }, (_, i) => text.slice(i, i + 12))
const prefixed = (prefixes: string[]) =>
  fc.tuple(fc.constantFrom(...prefixes), fc.string({ maxLength: 80 })).map(([p, s]) => p + s)
const base64ish = fc
  .tuple(fc.constantFrom('pk_live_', 'pk_test_'), fc.stringMatching(/^[A-Za-z0-9+/=*_-]{0,60}$/))
  .map(([p, s]) => p + s)

describe('keys', () => {
  it('any string is a result, and a problem never quotes the key', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), prefixed(['pk_live_', 'pk_test_', 'sk_live_', 'sk_test_', 'live_', 'test_'])),
        base64ish,
        (a, b) => {
          for (const key of [a, b]) {
            for (const parsed of [parsePublishableKey(key), parseSecretKey(key)]) {
              expect(typeof parsed.ok).toBe('boolean')
              if (!parsed.ok) {
                const said = `${parsed.problem} ${parsed.fix}`
                for (const slice of slices(key)) expect(said).not.toContain(slice)
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('every hostname round-trips through a publishable key', () => {
    fc.assert(
      fc.property(fc.domain(), fc.constantFrom('live', 'test'), (domain, type) => {
        const host = normalizeHostname(domain)
        fc.pre(host !== undefined)
        const key = `pk_${type}_${Buffer.from(`${host}$`).toString('base64').replace(/=+$/, '')}`
        expect(parsePublishableKey(key)).toMatchObject({ ok: true, frontendApi: host })
      }),
    )
  })
})

describe('hostnames and origins', () => {
  it('normalizing is total and idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.domain(), fc.webUrl()), text => {
        const host = normalizeHostname(text)
        if (host !== undefined) {
          expect(normalizeHostname(host)).toBe(host)
          expect(host).toMatch(/^[a-z0-9.-]+$/)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('any authorizedParties entry is judged, never thrown on', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.webAuthority().map(a => `https://${a}`),
        ),
        entry => void originProblem(entry),
      ),
    )
  })

  it('a web origin is an exact origin when it is https', () => {
    const port = fc.option(
      fc.integer({ min: 1, max: 65535 }).filter(p => p !== 443),
      { nil: undefined },
    )
    fc.assert(
      fc.property(fc.domain(), port, (domain, p) => {
        const origin = new URL(`https://${domain}${p ? `:${p}` : ''}`).origin
        expect(originProblem(origin)).toBeUndefined()
        expect(originProblem(`${origin}/`)?.corrected).toBe(origin)
      }),
    )
  })
})

describe('CAA values and parameters', () => {
  const record = fc.record({
    flags: fc.integer({ min: 0, max: 255 }),
    tag: fc.oneof(fc.constantFrom('issue', 'issuewild', 'iodef', 'ISSUE', 'tbs'), fc.string({ maxLength: 10 })),
    value: fc.string({ maxLength: 60 }),
  })

  it('any value parses or is refused, never thrown on', () => {
    fc.assert(
      fc.property(fc.string(), value => void parseIssueValue(value)),
      { numRuns: 300 },
    )
  })

  it('any set is judged; one without issue properties or critical unknown tags allows everyone', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.constantFrom('letsencrypt.org', 'pki.goog'), (records, ca) => {
        const verdict = judgeCaa(records, ca)
        const critical = records.some(
          r => !['issue', 'issuewild', 'iodef'].includes(r.tag.toLowerCase()) && (r.flags & 129) !== 0,
        )
        const issue = records.some(r => r.tag.toLowerCase() === 'issue')
        if (!critical && !issue) expect(verdict.allowed).toBe(true)
        if (critical) expect(verdict.allowed).toBe(false)
      }),
      { numRuns: 300 },
    )
  })

  it('a set naming the CA exactly, without parameters, allows it', () => {
    fc.assert(
      fc.property(fc.constantFrom('letsencrypt.org', 'pki.goog'), fc.array(record, { maxLength: 4 }), (ca, others) => {
        const safe = others.filter(
          r => (r.flags & 129) === 0 || ['issue', 'issuewild', 'iodef'].includes(r.tag.toLowerCase()),
        )
        expect(judgeCaa([...safe, { flags: 0, tag: 'issue', value: ca }], ca).allowed).toBe(true)
      }),
    )
  })
})

describe('the YAML configuration', () => {
  const VALID = [
    'domain: example.com',
    'app-origins: [https://example.com]',
    'environments:',
    '  production:',
    '    branches: [main]',
    '    mail-id: ab12cd34ef56',
    '',
  ].join('\n')

  const expectResult = (text: string) => {
    const r = parseConfigText('.github/clerk-preflight.yml', text)
    if (!r.ok) {
      expect(r.problems.length).toBeGreaterThan(0)
      for (const p of r.problems) {
        expect(p.line).toEqual(expect.any(Number))
        expect(p.problem).not.toMatch(/\n\s+at /)
        expect(p.fix.length).toBeGreaterThan(0)
      }
    }
  }

  it('any document gives settings or problems with a line, never a stack trace', () => {
    fc.assert(
      fc.property(fc.anything(), value => expectResult(stringify(value) ?? '')),
      { numRuns: 300 },
    )
  })

  it('any corruption of a valid file does too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: VALID.length }),
        fc.integer({ min: 0, max: 8 }),
        fc.string({ maxLength: 6 }),
        (at, cut, insert) => {
          expectResult(VALID.slice(0, at) + insert + VALID.slice(at + cut))
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('CSP headers', () => {
  const self = new URL('https://example.com/')
  const token = fc.oneof(
    fc.constantFrom(
      "'self'",
      "'none'",
      "'unsafe-inline'",
      "'strict-dynamic'",
      "'nonce-abc'",
      'blob:',
      'https:',
      '*',
      '*.example.com',
      'https://clerk.example.com:*',
    ),
    fc.string({ maxLength: 12 }),
  )
  const directive = fc.tuple(
    fc.constantFrom(
      'default-src',
      'script-src',
      'connect-src',
      'img-src',
      'worker-src',
      'style-src',
      'frame-src',
      'child-src',
      'x-unknown',
    ),
    fc.array(token, { maxLength: 5 }),
  )
  const header = fc.oneof(
    fc.string(),
    fc.array(directive, { maxLength: 6 }).map(ds => ds.map(([d, s]) => `${d} ${s.join(' ')}`).join('; ')),
  )

  it('any header parses and is judged, never thrown on', () => {
    fc.assert(
      fc.property(header, text => {
        for (const policy of parsePolicies(text)) {
          for (const m of missingForClerk(policy, 'https://clerk.example.com', self))
            expect(m.source.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('any source expression is matched or not, never thrown on', () => {
    fc.assert(
      fc.property(fc.string(), fc.webUrl(), (source, url) => void sourceMatches(source, new URL(url), self)),
      { numRuns: 300 },
    )
  })

  it('a policy without restricting directives blocks nothing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom("frame-ancestors 'none'", "form-action 'self'", 'upgrade-insecure-requests', ''),
        text => {
          for (const policy of parsePolicies(text))
            expect(missingForClerk(policy, 'https://clerk.example.com', self)).toEqual([])
        },
      ),
    )
  })
})

describe('Markdown escaping', () => {
  it('any text renders (GFM) as exactly itself, in a paragraph of text and code spans', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), text => {
        const html = renderGfm(inline(text))
        expect([...tagsUsed(html)].filter(t => t !== 'p' && t !== 'code')).toEqual([])
        expect(visibleText(html).trim()).toBe(asRead(text))
      }),
      { numRuns: 2000 },
    )
  })

  // The pieces GitHub links by (a scheme's ://, www., @, #1, GH-1, *.) and the ones that only look close (a plain
  // colon, a lone #, gh- without a number), with what may stand before them or open a block (`_`, a tab, a pipe, a
  // backslash), in any order: inline() sends only text with the first to its link search. Each of `_www.x`, a leading
  // tab, and `www.\|` in a table cell was a counterexample once.
  const linkLike = fc
    .array(
      fc.constantFrom(
        'https',
        '://',
        ':',
        'www.',
        'x',
        '@',
        '#',
        '1',
        'gh-',
        'GH-',
        '*.',
        '.',
        ' ',
        '`',
        '/',
        '_',
        '\t',
        '(',
        '~',
        '\\',
        '|',
        '-',
        '>',
        '[',
        ']',
      ),
      { maxLength: 24 },
    )
    .map(pieces => pieces.join(''))

  it('any text of link-like pieces renders as itself: no link, mention or reference, colons or not', () => {
    fc.assert(
      fc.property(linkLike, text => {
        const html = renderGfm(inline(text))
        expect([...tagsUsed(html)].filter(t => t !== 'p' && t !== 'code')).toEqual([])
        expect(visibleText(html).trim()).toBe(asRead(text))
      }),
      { numRuns: 2000 },
    )
  })

  it('any text of link-like pieces renders as itself in a table cell, and stays in it', () => {
    const table = new Set(['p', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td'])
    fc.assert(
      fc.property(linkLike, text => {
        const html = renderGfm(`| a | b |\n|---|---|\n| ${inline(text, { table: true })} | x |`)
        expect([...tagsUsed(html)].filter(t => !table.has(t))).toEqual([])
        expect(html.match(/<td>/g)).toHaveLength(2)
        expect(visibleText(/<td>([^]*?)<\/td>/.exec(html)?.[1] ?? '').trim()).toBe(asRead(text))
      }),
      { numRuns: 2000 },
    )
  })

  it('any text stays in its table cell', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), text => {
        const html = renderGfm(`| a | b |\n|---|---|\n| ${inline(text, { table: true })} | x |`)
        expect(html.match(/<td>/g)).toHaveLength(2)
        expect(html).toContain('<td>x</td>')
      }),
      { numRuns: 2000 },
    )
  })

  it('any text in a code block renders as exactly itself, in one block', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), text => {
        const html = renderGfm(fenced(text))
        expect([...tagsUsed(html)].sort()).toEqual(['code', 'pre'])
        // Line breaks are the block's own: every kind reads as a newline.
        expect(codeBlocks(html)).toEqual([`${text.replace(/\r\n|[\r\n\u2028\u2029]/g, '\n')}\n`])
      }),
      { numRuns: 2000 },
    )
  })

  it('any text in a folded summary stays in its code span, in the summary', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), text => {
        const html = renderGfm(`<details><summary>on <code>${escapeHtml(text)}</code></summary>\n\nbody\n\n</details>`)
        const summary = /<summary>([^]*?)<\/summary>/.exec(html)?.[1] ?? ''
        expect(codeTexts(summary)).toEqual([text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')])
        expect([...tagsUsed(html)].sort()).toEqual(['code', 'details', 'p', 'summary'])
      }),
      { numRuns: 2000 },
    )
  })
})

describe('outside data of any size and depth (issue 21)', () => {
  const MIB = 2 ** 20
  // Each unit, repeated, is a worst case of something: a word without blanks (link and mention patterns), code spans
  // side by side, list markers, table pipes, unclosed tags (the page scans), line breaks (the log).
  const unit = fc.constantFrom('x', 'a@', '`a', ' *.', 'a.', '#1', '<link', '<meta', 'https://e.x/', '|', '\n', 'é')
  const nested = (depth: number): unknown => {
    let value: unknown = 'x'
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value }
    return value
  }
  const SECRET = 'sk_live_FAKEsecretFAKEsecretFAKEsecret0000'

  // No time is asserted (a busy machine is slow, not wrong): the test's own timeout is the bound, far above what linear
  // code takes anywhere and far below what a quadratic pass did (a 256 KiB word took 223 s, 2 MiB of "<link" 375 s).
  it('every renderer, the page scans and the redactor take time linear in it (1 MiB, 10,000 deep)', () => {
    fc.assert(
      fc.property(unit, fc.integer({ min: 1, max: MIB }), fc.integer({ min: 0, max: 10_000 }), (u, length, depth) => {
        const text = u.repeat(Math.ceil(length / u.length)).slice(0, length)
        const finding: CheckResult = {
          id: 'deploy.frontend-api',
          subject: text,
          status: 'fail',
          title: 'The Frontend API answers',
          message: text,
          fix: text,
          evidence: plainEvidence({ answer: nested(depth), text }) as Record<string, unknown>,
        }
        const report = redactDeep(
          buildReport({ name: text, instanceType: 'production', source: 'input', phase: 'after-deploy' }, [finding], 1),
          makeRedactor([SECRET]),
        )
        const rendered = [
          renderSummary(report, { notes: [text] }),
          renderComment(report, { notes: [text] }),
          problemLines(present(report))
            .map(p => `${p.title} ${p.text}`)
            .join('\n'),
          JSON.stringify(
            checkRunAnnotations(problemLines(present(report)), '.github/clerk-preflight.yml', 'workflow.yml'),
          ),
          JSON.stringify(report),
        ]
        metaPolicies(text)
        sameOriginScripts(text, 'https://example.com/')
        expect(redactDeep(nested(depth), makeRedactor([SECRET]))).toBeDefined()
        expect(Buffer.byteLength(rendered[0] ?? '')).toBeLessThan(SUMMARY_LIMIT)
        expect((rendered[1] ?? '').length).toBeLessThanOrEqual(COMMENT_LIMIT)
      }),
      {
        numRuns: 6,
        examples: [
          ['x', MIB, 10_000],
          ['`a', MIB, 10_000],
          ['<link', MIB, 2_000],
          ['a.', MIB, 0],
        ],
      },
    )
  }, 180_000)

  it('evidence keeps plain data: bounded in depth, width and length', () => {
    const kept = JSON.stringify(
      plainEvidence({ deep: nested(10_000), wide: Array.from({ length: 5000 }, (_, i) => i), long: 'y'.repeat(MIB) }),
    )
    expect(kept.length).toBeLessThan(64 * 1024)
    expect(kept).toContain('nested deeper than 6')
    expect(kept).toContain('(4000 more)')
    expect(kept).toContain(`… (${MIB} characters)`)
  })

  it('a long word renders (GFM) as exactly itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 60, maxLength: 400 }), text => {
        const html = renderGfm(inline(text))
        expect([...tagsUsed(html)].filter(t => t !== 'p' && t !== 'code')).toEqual([])
        expect(visibleText(html).trim()).toBe(asRead(text))
      }),
      { numRuns: 500 },
    )
  })
})

describe('many findings (a run of 500 satellites)', () => {
  it('the summary and the comment measure what they add once, not the whole text again at every line', () => {
    const results = (count: number): CheckResult[] =>
      Array.from({ length: count }, (_, i) => ({
        id: 'dns.cname',
        subject: `clerk.shop${i}.example`,
        status: i % 50 === 0 ? 'fail' : 'pass',
        title: "The CNAME records Clerk requires exist and point at Clerk's targets",
        message: `clerk.shop${i}.example → frontend-api.clerk.services (Frontend API)`,
      }))
    const measured = (count: number) => {
      const report = buildReport(
        { name: 'production', instanceType: 'production', source: 'input', phase: 'after-deploy' },
        results(count),
        1,
      )
      const byteLength = jest.spyOn(Buffer, 'byteLength')
      try {
        const rendered = [renderSummary(report), renderComment(report, {})].join('')
        const bytesMeasured = byteLength.mock.calls.reduce((n, [text]) => n + String(text).length, 0)
        return { rendered: rendered.length, bytesMeasured }
      } finally {
        byteLength.mockRestore()
      }
    }
    for (const count of [500, 3000]) {
      const { rendered, bytesMeasured } = measured(count)
      // Every line is measured when it is added (and a problem twice, full and compact): a few times the output.
      // Measuring the text so far at every line was about count / 2 times the output: 1.6 s for 3,000 findings.
      expect(bytesMeasured).toBeLessThan(4 * rendered)
    }
  })
})
