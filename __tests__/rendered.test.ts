import { renderComment } from '../src/render/comment.js'
import { CHECK_RUN_SUMMARY_LIMIT, renderSummary } from '../src/render/summary.js'
import { buildReport } from '../src/report/build.js'
import type { CheckResult } from '../src/report/model.js'
import { codeBlocks, codeTexts, renderGfm, visibleText } from '../test-support/gfm.js'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'
import { startHttpServer, type HttpTestServer } from '../test-support/http-server.js'
import { PK_LIVE } from '../test-support/keys.js'
import { runScenario } from '../test-support/scenario.js'
import { clerkZone, without } from '../test-support/zones.js'

// The summary, the comment and the check-run text as GitHub shows them (rendered as GFM): what a user copies from a
// fix must be exactly what to paste (issue 14).

let dns: DnsTestServer
let web: HttpTestServer
let results: CheckResult[]
beforeAll(async () => {
  dns = await startDnsServer({ records: without(clerkZone('example.com'), 'accounts.example.com') })
  web = await startHttpServer({ '/': { headers: { 'content-security-policy': "default-src 'self'" } } })
  results = (
    await runScenario({
      inputs: {
        environment: 'production',
        'dns-servers': dns.address,
        url: `${web.origin}/`,
        'app-origins': 'https://example.com, https://app.example.com',
        'authorized-parties': 'https://example.com/',
      },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
  ).results
})
afterAll(async () => {
  await dns.close()
  await web.close()
})

const report = () =>
  buildReport({ name: 'production', instanceType: 'production', source: 'input', phase: 'after-deploy' }, results, 5)
const renderings = () => ({
  summary: renderGfm(renderSummary(report(), { notes: ['Grant the job `permissions: pull-requests: write`.'] })),
  comment: renderGfm(renderComment(report(), {})),
  checkRun: renderGfm(renderSummary(report(), {}, CHECK_RUN_SUMMARY_LIMIT)),
})

describe.each(['summary', 'comment', 'checkRun'] as const)('the %s, rendered', which => {
  it('gives the whole corrected policy to copy, asterisks and ports included, each added source on its own line', () => {
    const policy = codeBlocks(renderings()[which]).find(b => b.startsWith("default-src 'self';"))
    expect(policy?.trimEnd().split('\n')).toEqual([
      "default-src 'self';",
      "script-src 'self'",
      '  https://clerk.example.com',
      '  https://challenges.cloudflare.com',
      '  https://*.protect.clerk.com;',
      "connect-src 'self'",
      '  https://clerk.example.com',
      '  https://*.protect.clerk.com:*;',
      "img-src 'self'",
      expect.stringMatching(/^ {2}https:\/\/img\.clerk\.com/),
      "worker-src 'self'",
      expect.stringMatching(/^ {2}blob:/),
      // A directive the policy lacked keeps what its fallback allowed.
      "frame-src 'self'",
      '  https://challenges.cloudflare.com',
      '  https://*.protect.clerk.com;',
      "style-src 'self'",
      "  'unsafe-inline';",
    ])
    // Joined by spaces, the lines are the header's value.
    expect(policy?.trimEnd().split('\n').join(' ').replace(/ +/g, ' ')).toContain(
      "script-src 'self' https://clerk.example.com https://challenges.cloudflare.com https://*.protect.clerk.com; connect-src",
    )
  })

  it('gives the corrected authorizedParties list as code that parses', () => {
    const list = codeBlocks(renderings()[which]).find(c => c.startsWith('authorizedParties: '))
    // A JavaScript array, one origin a line, with a trailing comma.
    expect(JSON.parse(list!.slice('authorizedParties: '.length).replace(/,\n\]/, '\n]'))).toEqual([
      'https://example.com',
      'https://app.example.com',
    ])
  })

  it('gives the DNS record to add exactly, under its problem, and (not in the comment) in a zone-file block', () => {
    const html = renderings()[which]
    expect(codeTexts(html)).toContain('accounts.example.com. CNAME accounts.clerk.services.')
    const zone = '; dns.cname\naccounts.example.com. CNAME accounts.clerk.services.\n'
    // The comment is a reviewer's: each record once, in its problem's fix.
    if (which === 'comment') expect(codeBlocks(html)).not.toContain(zone)
    else expect(codeBlocks(html)).toContain(zone)
  })

  it('has no invisible characters, no links but to the rules, and no emphasis from the findings', () => {
    const html = renderings()[which]
    expect(html).not.toMatch(/[\u200b-\u200d\u2060]/)
    expect(html).not.toMatch(/<(em|del)\b/)
    // The only links are the renderer's: each check's id to its rule in docs/checks.md.
    const links = [...html.matchAll(/<a\b[^>]*>/g)].map(m => m[0])
    expect(links.length).toBeGreaterThan(0)
    for (const link of links)
      expect(link).toMatch(/^<a href="https:\/\/github\.com\/[^"]+\/docs\/checks\.md#[a-z-]+">$/)
    // Bold only where the renderer means it: the environment's name in the verdict, each fix's label, and in the
    // comment each problem's title (its status first).
    const bold = [...html.matchAll(/<strong>([^]*?)<\/strong>/g)].map(m => m[1] ?? '')
    expect(bold[0]).toBe('production')
    const titles = bold.slice(1).filter(b => /^(❌|⚠️|⛔) /.test(b))
    expect(titles.length > 0).toBe(which === 'comment')
    expect(new Set(bold.slice(1).filter(b => !titles.includes(b)))).toEqual(new Set(['Fix:']))
  })

  it('puts no punctuation right after a title ending in code: GitHub pads inline code, and "keys.secret :" shows', () => {
    const html = renderings()[which]
    // A problem's bold title, or a passing check's linked id, then what is said of it on the same line.
    const titles = [...html.matchAll(/<\/code>(?:<\/a>)?<\/strong>(.)|<li>✅ <a [^>]+><code>[^<]+<\/code><\/a>(.)/g)]
    expect(titles.length).toBeGreaterThan(0)
    for (const m of titles) expect(m[1] ?? m[2]).toBe(' ')
  })

  it('puts failures first and folds what passed; the comment only counts it', () => {
    const html = renderings()[which]
    if (which === 'comment') {
      expect(html).not.toContain('✅')
      expect(visibleText(html)).toMatch(/ · \d+ pass · \d+ skip/)
      return
    }
    expect(html.indexOf('❌')).toBeLessThan(html.indexOf('✅'))
    const folded = html.slice(html.indexOf('<details>'))
    expect(folded).toMatch(/<summary>\d+ passed, \d+ skipped<\/summary>/)
    expect(visibleText(folded)).toContain('keys.publishable')
  })
})

describe('notes', () => {
  it('render their code, with no literal backticks', () => {
    const html = renderings().summary
    expect(codeTexts(html)).toContain('permissions: pull-requests: write')
    expect(visibleText(html)).not.toContain('`')
  })
})

describe('the environment line', () => {
  it('says when the live app was judged before the deploy, and nothing more after it', () => {
    const before = buildReport(
      { name: 'production', instanceType: 'production', source: 'input', phase: 'before-deploy' },
      results,
      5,
    )
    const after = buildReport({ ...before.environment, phase: 'after-deploy' }, results, 5)
    expect(visibleText(renderGfm(renderSummary(before)))).toContain(
      "production instance, judged before the deploy (the live app's findings are at most warnings)",
    )
    expect(visibleText(renderGfm(renderSummary(after)))).not.toContain('before the deploy')
  })
})
