import { renderComment } from '../src/render/comment.js'
import { CHECK_RUN_SUMMARY_LIMIT, renderSummary } from '../src/render/summary.js'
import { buildReport } from '../src/report/build.js'
import type { CheckResult } from '../src/report/model.js'
import { codeTexts, renderGfm, visibleText } from '../test-support/gfm.js'
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

const report = () => buildReport({ name: 'production', instanceType: 'production', source: 'input' }, results, 5)
const renderings = () => ({
  summary: renderGfm(renderSummary(report(), { notes: ['Grant the job `permissions: pull-requests: write`.'] })),
  comment: renderGfm(renderComment(report(), {})),
  checkRun: renderGfm(renderSummary(report(), {}, CHECK_RUN_SUMMARY_LIMIT)),
})

describe.each(['summary', 'comment', 'checkRun'] as const)('the %s, rendered', which => {
  it('gives the CSP sources to add exactly, asterisks and ports included', () => {
    const codes = codeTexts(renderings()[which])
    expect(codes).toContain('https://clerk.example.com https://challenges.cloudflare.com https://*.protect.clerk.com')
    expect(codes).toContain('https://clerk.example.com https://*.protect.clerk.com:*')
    expect(codes).toContain('script-src')
  })

  it('gives the corrected authorizedParties list as code that parses', () => {
    const list = codeTexts(renderings()[which]).find(c => c.startsWith('authorizedParties: '))
    expect(JSON.parse(list!.slice('authorizedParties: '.length))).toEqual([
      'https://example.com',
      'https://app.example.com',
    ])
  })

  it('gives the DNS record to add exactly', () => {
    expect(codeTexts(renderings()[which])).toContain('accounts.example.com. CNAME accounts.clerk.services.')
  })

  it('has no invisible characters, no links and no emphasis from the findings', () => {
    const html = renderings()[which]
    expect(html).not.toMatch(/[\u200b-\u200d\u2060]/)
    expect(html).not.toMatch(/<(a|em|del)\b/)
    // Bold only where the renderer means it: the environment's name in the verdict.
    expect(html.match(/<strong>/g)).toEqual(['<strong>'])
  })

  it('puts failures first and folds what passed', () => {
    const html = renderings()[which]
    expect(html.indexOf('❌')).toBeLessThan(html.indexOf('✅'))
    const folded = html.slice(html.indexOf('<details>'))
    expect(folded).toMatch(/<summary>\d+ passing or skipped<\/summary>/)
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
