import type { GateVerdict } from '../src/gate.js'
import { gate } from '../src/gate.js'
import { explainGitHubError } from '../src/github/client.js'
import { publishToGitHub, type Publication } from '../src/github/publisher.js'
import { configChange, type ConfigChangeQuestion } from '../src/github/config-change.js'
import { inline } from '../src/render/markdown.js'
import { asRead, codeTexts, renderGfm, tagsUsed, visibleText } from '../test-support/gfm.js'
import { COMMENT_LIMIT, commentMarker, previousStatus, renderComment } from '../src/render/comment.js'
import { HOME_CHECKS_DOC } from '../src/render/doc-links.js'
import { renderSummary } from '../src/render/summary.js'
import { buildReport } from '../src/report/build.js'
import type { CheckResult, Report } from '../src/report/model.js'
import { startGitHubStandIn, type GitHubStandIn } from '../test-support/github-server.js'

const FAST = { attempts: 3, baseDelayMs: 5 }

function result(status: CheckResult['status'], subject = 'clerk.example.com', message = 'a message'): CheckResult {
  return {
    id: 'dns.cname',
    subject,
    status,
    title: 'The CNAME records',
    message,
    fix: status === 'pass' ? undefined : 'Add: x',
  }
}

function report(checks: CheckResult[], name = 'production'): Report {
  return buildReport({ name, instanceType: 'production', source: 'input', phase: 'after-deploy' }, checks, 12)
}

const passing: GateVerdict = { fail: false, reason: 'ok' }
const readOnlyBody = { message: 'Resource not accessible by integration' }

describe('escaping untrusted text', () => {
  const hostile = [
    '@octocat please look',
    'x` | `y',
    '<img src=x onerror=alert(1)>',
    '[click](https://evil.example/phish)',
    'https://evil.example/path',
    'www.evil.example',
    'a | b | c',
    '#123 and GH-1',
    '**bold** _it_ ~~s~~',
    'line1\nline2\r\n| injected | row |',
    // Found by the property test: a code span of spaces only keeps them as they are (GFM strips none).
    'https`  `https',
    'a ` ` b',
  ]

  it.each(hostile)(
    'renders %j as written: no tag, link, mention, reference or emphasis, and no invisible characters',
    value => {
      const html = renderGfm(inline(value))
      expect([...tagsUsed(html)].filter(t => t !== 'p' && t !== 'code')).toEqual([])
      // What a reader sees (and copies) is the value, line breaks as spaces, `paired backticks` as code.
      expect(visibleText(html).trim()).toBe(asRead(value))
      expect(html).not.toMatch(/[\u200b-\u200d\u2060]/)
      // Outside code spans, nothing GitHub would link or mention is left.
      const outside = visibleText(html.replace(/<code>[^]*?<\/code>/g, ''))
      expect(outside).not.toMatch(/@\w|#\d|:\/\/|www\./i)
    },
  )

  it('keeps hostile DNS values and subjects in their place: the heading, the message, a folded summary', () => {
    const hostile = 'evil.example | @octocat <b>'
    const checks = [
      { ...result('fail', hostile, 'CNAME points at `x` [y](https://z)'), id: 'dns.proxy' as const },
      // Follows from the proxied record: told in a folded <summary>, raw HTML where Markdown is not read.
      {
        ...result('fail', hostile, 'no CNAME'),
        fix: 'Add: y',
        followsFrom: [{ id: 'dns.proxy' as const, subject: hostile, fixedWithIt: true }],
      },
    ]
    const html = renderGfm(renderSummary(report(checks)))
    const heading = html.split('\n').find(l => l.startsWith('<h3>')) ?? ''
    expect(visibleText(heading)).toContain(hostile)
    expect(codeTexts(heading)).toContain('@octocat')
    expect(codeTexts(html)).toEqual(expect.arrayContaining(['x', 'https://z']))
    const summary = /<summary>([^]*?)<\/summary>/.exec(html)?.[1] ?? ''
    expect(codeTexts(summary)).toEqual(['dns.cname', hostile])
    expect(tagsUsed(html).has('b')).toBe(false)
    // The only links are the rules' (docs/checks.md), none from the findings.
    const links = (h: string) => [...h.matchAll(/<a\b[^>]*>/g)].map(m => m[0])
    expect(links(html)).toEqual([`<a href="${HOME_CHECKS_DOC}#dnsproxy">`, `<a href="${HOME_CHECKS_DOC}#dnscname">`])
    // The comment: the title in bold, the follower on a line of the cause's paragraph.
    const comment = renderGfm(renderComment(report(checks), {}))
    const title = /<strong>(❌[^]*?)<\/strong>/.exec(comment)?.[1] ?? ''
    expect(visibleText(title)).toContain(hostile)
    expect(codeTexts(comment)).toEqual(expect.arrayContaining(['x', 'https://z', 'dns.cname', '@octocat']))
    expect(visibleText(comment)).toContain(`dns.cname on ${hostile} follows from it, and is fixed with it`)
    expect(tagsUsed(comment).has('b')).toBe(false)
    expect(links(comment)).toEqual([`<a href="${HOME_CHECKS_DOC}#dnsproxy">`, `<a href="${HOME_CHECKS_DOC}#dnscname">`])
  })
})

/** The comment with each id's link to its rule taken out, as it read before it had them. */
const withoutRuleLinks = (body: string) => body.replace(/\[(`[^`]+`)\]\([^)\s]+\/docs\/checks\.md#[\w-]+\)/g, '$1')

describe('the comment', () => {
  it('leads with the verdict naming what failed, tells each failing problem with its fix, and folds the warnings', () => {
    const body = withoutRuleLinks(
      renderComment(
        report([
          result('pass', 'a'),
          { ...result('fail', 'b'), fix: 'Add: b' },
          { ...result('warn', 'c'), id: 'dns.caa' },
        ]),
        { runUrl: 'https://github.example/run/1' },
      ),
    )
    const lines = body.split('\n')
    expect(lines[0]).toBe(`${commentMarker('production')} status="fail" -->`)
    expect(lines[1]).toBe('### ❌ Clerk preflight: **production** is not ready: 1 problem and 1 warning (`dns.cname`)')
    expect(body).toContain('**❌ `dns.cname` · b** — a message. **Fix:** Add: b')
    // The warning does not block: folded after the failures. What passed is only counted.
    const folded = body.indexOf('<details><summary>⚠️ 1 warning: <code>dns.caa</code></summary>')
    expect(folded).toBeGreaterThan(body.indexOf('**Fix:** Add: b'))
    expect(body.indexOf('**⚠️ `dns.caa` · c**')).toBeGreaterThan(folded)
    expect(body).not.toContain('passed')
    expect(body).toContain('1 fail · 1 warn · 1 pass · [the run](https://github.example/run/1)')
  })

  it('shows the warnings open when nothing fails', () => {
    const body = withoutRuleLinks(renderComment(report([{ ...result('warn', 'c'), id: 'dns.caa' }]), {}))
    expect(body).toContain('**⚠️ `dns.caa` · c** — a message. **Fix:** Add: x')
    expect(body).not.toContain('<details>')
  })

  it('tells findings that share a fix as one problem naming their subjects', () => {
    const body = withoutRuleLinks(
      renderComment(report([result('fail', 'a'), result('fail', 'b'), result('warn', 'c')]), {}),
    )
    expect(body).toContain('is not ready: 1 problem (`dns.cname`)')
    expect(body.match(/^\*\*(❌|⚠️) /gm)).toHaveLength(1)
    expect(body).toContain('**❌ `dns.cname` · a, b and c**')
    expect(body.match(/\*\*Fix:\*\* Add: x/g)).toHaveLength(1)
  })

  it('shrinks to one line once green, the verdict and the run, and folds what it said before as outdated', () => {
    const failing = renderComment(report([result('fail', 'a.example.com')]), { runUrl: 'https://github.example/run/1' })
    const green = renderComment(report([result('pass')]), {
      previous: failing,
      runUrl: 'https://github.example/run/2',
    })
    const [marker, line, ...rest] = green.split('\n')
    expect(marker).toBe(`${commentMarker('production')} status="pass" -->`)
    expect(line).toBe(
      '✅ Clerk preflight: **production** is ready: all checks pass now · [the run](https://github.example/run/2)',
    )
    expect(previousStatus(green)).toBe('pass')
    // What the failing comment said, below, folded; not its marker, which would find it again.
    const html = renderGfm(rest.join('\n'))
    expect(html).toMatch(/^<details><summary>Outdated: what the run before found \(<code>fail<\/code>\)<\/summary>/)
    expect(visibleText(html)).toContain('dns.cname · a.example.com — a message. Fix: Add: x')
    expect(green.match(/<!-- clerk-preflight/g)).toHaveLength(1)
    // Green again: the same line, and the outdated part kept as it was.
    const again = renderComment(report([result('pass')]), { previous: green })
    expect(again.split('\n')[1]).toBe('✅ Clerk preflight: **production** is ready')
    expect(again.slice(again.indexOf('<details>'))).toBe(green.slice(green.indexOf('<details>')))
    // Green from the first run: one line.
    expect(renderComment(report([result('pass')]), {}).split('\n')).toHaveLength(2)
  })

  it('keeps a green comment within GitHub’s limit: a previous body too long loses its outdated part', () => {
    const previous = `${commentMarker('production')} status="fail" -->\n${'x'.repeat(COMMENT_LIMIT - 50)}`
    const green = renderComment(report([result('pass')]), { previous })
    expect(green.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(green).not.toContain('Outdated')
  })

  it('says an override plainly, never as a pass', () => {
    const body = renderComment(report([result('fail')]), {
      overriddenBy: 'deploy-anyway',
      overrideAppliedBy: 'octocat',
    })
    expect(body).toContain(
      '❌ Clerk preflight: **production** is not ready: 1 problem (`dns.cname`); overridden by label `deploy-anyway`, applied by `octocat`: the gate does not block',
    )
    // Who applied it is outside data: never a mention, never markup.
    const hostile = renderComment(report([result('fail')]), { overriddenBy: 'x', overrideAppliedBy: '@all <b>`' })
    expect(visibleText(renderGfm(hostile))).toContain('applied by @all <b>`')
    expect(tagsUsed(renderGfm(hostile))).not.toContain('b')
    const unknown = renderComment(report([result('fail')]), { overriddenBy: 'deploy-anyway' })
    expect(unknown).toContain(
      'overridden by label `deploy-anyway` (who applied it could not be told): the gate does not block',
    )
  })

  it('is cut to fit GitHub, with a note and the link to the full summary', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({
      ...result(i % 2 ? 'fail' : 'pass', `host-${i}.example.com`, 'x'.repeat(60)),
      fix: i % 2 ? `Add: record ${i}` : undefined,
    }))
    const body = renderComment(report(many), { runUrl: 'https://github.example/run/2' })
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body).toMatch(
      /\*\d+ more problems did not fit in a comment: see the \[job summary\]\(https:\/\/github.example\/run\/2\)/,
    )
  })
})

describe('the gate and overrides', () => {
  const failing = report([result('fail')])
  it('keeps a failing gate open with the label, and says so', () => {
    expect(gate(failing, 'error', true, 'deploy-anyway')).toMatchObject({ fail: false, overriddenBy: 'deploy-anyway' })
    expect(gate(failing, 'error', true)).toMatchObject({ fail: true })
  })
  it('does not override invalid configuration', () => {
    expect(gate(failing, 'error', false, 'deploy-anyway')).toMatchObject({ fail: true })
  })
  it('does not claim an override where nothing failed', () => {
    expect(gate(report([result('pass')]), 'error', true, 'deploy-anyway').overriddenBy).toBeUndefined()
  })
})

describe('GitHub errors', () => {
  const readOnly = { status: 403, message: 'Resource not accessible by integration' }
  it('explains a fork token and names the permission', () => {
    expect(explainGitHubError(readOnly, 'Updating the comment', 'pull-requests: write', true)).toContain(
      'A pull request from a fork always gets a read-only token; otherwise grant the job `permissions: pull-requests: write`',
    )
  })
  it('names only the permission where no fork can be the cause', () => {
    const note = explainGitHubError(readOnly, 'Publishing the check run', 'checks: write', false)
    expect(note).toContain('Grant the job `permissions: checks: write`')
    expect(note).not.toMatch(/fork/i)
  })
})

describe('publishing through Octokit to a GitHub stand-in', () => {
  let github: GitHubStandIn
  const savedApi = process.env.GITHUB_API_URL
  beforeEach(async () => {
    github = await startGitHubStandIn()
    process.env.GITHUB_API_URL = github.url
  })
  afterEach(async () => {
    process.env.GITHUB_API_URL = savedApi
    await github.close()
  })

  const prContext = (labels: string[] = []) => ({
    eventName: 'pull_request',
    workspace: '.',
    payload: { pull_request: { number: 7, head: { sha: 'abc123' }, labels: labels.map(name => ({ name })) } },
    repository: { owner: 'acme', repo: 'shop' },
    sha: 'merge456',
    runUrl: 'https://github.example/acme/shop/actions/runs/9',
  })

  const publish = (r: Report, extra: Partial<Publication> = {}) =>
    publishWithUrls(r, extra).then(published => published.notes)
  const publishWithUrls = (r: Report, extra: Partial<Publication> = {}) =>
    publishToGitHub({
      token: 'ghs_FAKEtoken',
      comment: 'auto',
      checkRun: false,
      context: prContext(),
      report: r,
      verdict: passing,
      render: {},
      configPath: '.github/clerk-preflight.yml',
      retry: FAST,
      ...extra,
    })

  const bodies = () => (github.comments.get(7) ?? []).map(c => c.body)

  it('creates the comment on the first run and updates the same one on the second', async () => {
    expect(await publish(report([result('fail')]))).toEqual([])
    expect(await publish(report([result('pass')]))).toEqual([])
    expect(bodies()).toHaveLength(1)
    expect(bodies()[0]).toContain('is ready: all checks pass now')
    expect(github.requests.find(r => r.method === 'POST')?.authorization).toBe('token ghs_FAKEtoken')
  })

  it('keeps one comment per environment', async () => {
    await publish(report([result('warn')], 'production'))
    await publish(report([result('fail')], 'preview'))
    await publish(report([result('pass')], 'preview'))
    expect(bodies()).toHaveLength(2)
  })

  it('comment: auto starts no comment on a pass, but always updates one that is there; always starts one', async () => {
    expect(await publishWithUrls(report([result('pass')]))).toEqual({ notes: [] })
    expect(bodies()).toHaveLength(0)
    const first = await publishWithUrls(report([result('warn')]))
    expect(first.commentUrl).toMatch(/^https:\/\/github\.example\/acme\/shop\/pull\/7#issuecomment-\d+$/)
    await publish(report([result('pass')]))
    expect(bodies()).toHaveLength(1)
    expect(bodies()[0]).toContain('all checks pass now')
    const other = await publishWithUrls(report([result('pass')], 'preview'), { comment: 'always' })
    expect(other.commentUrl).toBeDefined()
    expect(bodies()).toHaveLength(2)
    expect(await publish(report([result('fail')], 'staging'), { comment: 'false' })).toEqual([])
    expect(bodies()).toHaveLength(2)
  })

  it('comment: on-failure starts a comment only on a failure, and updates one that is there on any status', async () => {
    const onFailure = { comment: 'on-failure' as const }
    await publish(report([result('warn')]), onFailure)
    await publish(report([result('pass')]), onFailure)
    expect(bodies()).toHaveLength(0)
    await publish(report([result('fail')]), onFailure)
    expect(bodies()).toHaveLength(1)
    await publish(report([result('warn')]), onFailure)
    expect(bodies()[0]).toContain('is ready, with 1 warning')
    await publish(report([result('pass')]), onFailure)
    expect(bodies()).toHaveLength(1)
    expect(bodies()[0]?.split('\n')[1]).toBe('✅ Clerk preflight: **production** is ready: all checks pass now')
  })

  it("touches only its own comments: a stranger's comment quoting the marker is neither updated nor deleted", async () => {
    const marker = `${commentMarker('production')} status="fail" -->`
    const strangers = github.seed(7, `${marker}\nquoted by someone`, 'mallory')
    const ours = github.seed(7, `${marker}\nold`)
    const newest = github.seed(7, `${marker}\nnewer, quoted again`, 'mallory')
    await publish(report([result('pass')]))
    const left = github.comments.get(7) ?? []
    expect(left.map(c => c.id)).toEqual([strangers.id, ours.id, newest.id])
    expect(left.find(c => c.id === ours.id)?.body).toContain('all checks pass now')
    expect(left.find(c => c.id === newest.id)?.body).toContain('newer, quoted again')
  })

  it('stops paging when GitHub points back at a page already read, and says so', async () => {
    for (let i = 0; i < 3; i++) github.seed(7, `chatter ${i}`, 'someone')
    github.loopPages()
    const notes = await publish(report([result('fail')]))
    expect(notes).toEqual(['GitHub’s list of comments pointed back to a page already read; the search stopped there.'])
    expect(github.requests.filter(r => r.method === 'GET').length).toBeLessThanOrEqual(4)
  })

  it('finds the open pull request whose head is a deployment’s commit, and comments there', async () => {
    github.pullsOf('dep789', [
      { number: 3, state: 'closed', head: { sha: 'dep789' }, labels: [] },
      { number: 11, state: 'open', head: { sha: 'other' }, labels: [] },
      { number: 7, state: 'open', head: { sha: 'dep789' }, labels: [{ name: 'x' }] },
    ])
    const published = await publishWithUrls(report([result('fail')]), {
      context: {
        ...prContext(),
        eventName: 'deployment_status',
        payload: { deployment: { sha: 'dep789', environment: 'Preview' } },
        sha: 'ignored',
      },
    })
    expect(published.notes).toEqual([])
    expect(bodies()).toHaveLength(1)
    expect(github.requests.some(r => r.path === '/repos/acme/shop/commits/dep789/pulls')).toBe(true)
  })

  // A push to a branch other than the default one: its commit may be an open pull request's head.
  const featurePush = (sha = 'merge456') => ({
    ...prContext(),
    eventName: 'push',
    ref: 'refs/heads/feature',
    payload: { repository: { default_branch: 'main' } },
    sha,
  })

  it('comments nowhere, quietly, when a pushed commit belongs to no open pull request', async () => {
    const notes = await publish(report([result('fail')]), { context: featurePush('lonely') })
    expect(notes).toEqual([])
    expect(github.comments.size).toBe(0)
    expect(github.requests.map(r => r.path)).toEqual(['/repos/acme/shop/commits/lonely/pulls'])
  })

  it('comments on the open pull request whose head a pushed branch is', async () => {
    github.pullsOf('merge456', [{ number: 7, state: 'open', head: { sha: 'merge456' }, labels: [] }])
    expect(await publish(report([result('fail')]), { context: featurePush() })).toEqual([])
    expect(bodies()).toHaveLength(1)
  })

  it.each([
    ['the default branch', 'refs/heads/main'],
    ['a tag', 'refs/tags/v1.0.0'],
  ])('asks GitHub nothing on a push to %s, where no pull request can have its head', async (_, ref) => {
    github.readOnlyToken()
    github.fail({ method: 'GET', path: /\/pulls$/, status: 403, body: readOnlyBody, times: 5 })
    const notes = await publish(report([result('fail')]), { context: { ...featurePush(), ref } })
    expect(notes).toEqual([])
    expect(github.requests).toEqual([])
  })

  it('says a refused lookup is the workflow’s own permission, not a fork', async () => {
    github.fail({ method: 'GET', path: /\/pulls$/, status: 403, body: readOnlyBody, times: 5 })
    const notes = await publish(report([result('fail')]), { context: featurePush() })
    expect(notes).toEqual([
      "Finding the pull request of commit merge456 was refused (403): the job's token may not read pull requests. To have the comment, grant the job `permissions: pull-requests: write`; else set `comment: false`, and nothing is looked up.",
    ])
    // Refused, not retried: a 403 is an answer.
    expect(github.requests).toHaveLength(1)
  })

  it('comments on the pull request pr-number names, without a lookup', async () => {
    await publish(report([result('fail')]), {
      context: { ...prContext(), eventName: 'push', payload: {} },
      prNumber: 7,
    })
    expect(bodies()).toHaveLength(1)
    expect(github.requests.some(r => r.path.includes('/commits/'))).toBe(false)
  })

  it('comments on the pull request pr-number names on a pull_request event too, not the event’s', async () => {
    await publish(report([result('fail')]), { prNumber: 8 })
    expect(github.comments.get(8)).toHaveLength(1)
    expect(bodies()).toHaveLength(0)
  })

  describe('whether the pull request changes the configuration file', () => {
    const ask = (extra: Partial<ConfigChangeQuestion> = {}) =>
      configChange({
        token: 'ghs_FAKEtoken',
        context: prContext(),
        prNumber: 7,
        paths: ['./.github/clerk-preflight.yml'],
        subject: '.github/clerk-preflight.yml',
        title: 'Inputs and configuration are valid',
        budgetMs: 5000,
        retry: FAST,
        ...extra,
      })
    const others = Array.from({ length: 250 }, (_, i) => `src/file${i}.ts`)

    it('is a config warning when it does, found on a later page of GitHub’s list', async () => {
      github.filesOf(7, [...others, '.github/clerk-preflight.yml'])
      const { result, note } = await ask()
      expect(note).toBeUndefined()
      expect(result).toMatchObject({ id: 'config', subject: '.github/clerk-preflight.yml', status: 'warn' })
      expect(result?.message).toBe(
        "this pull request changes .github/clerk-preflight.yml: its settings are this branch's, written by the pull request's author, and were used as written",
      )
      expect(github.requests.filter(r => r.path === '/repos/acme/shop/pulls/7/files')).toHaveLength(3)
    })

    it('is the file a symlink leads to, too', async () => {
      github.filesOf(7, ['config/preflight.yml'])
      expect((await ask({ paths: ['.github/clerk-preflight.yml', 'config/preflight.yml'] })).result?.status).toBe(
        'warn',
      )
    })

    it('is nothing when it does not, and nothing is asked without a pull request or a token', async () => {
      github.filesOf(7, others)
      expect(await ask()).toEqual({})
      expect(await ask({ prNumber: undefined })).toEqual({})
      expect(await ask({ token: undefined })).toEqual({})
      expect(github.requests).toHaveLength(3)
    })

    it('is a note, not a finding, when GitHub cannot say', async () => {
      github.fail({ method: 'GET', path: /files$/, status: 404 })
      const { result, note } = await ask()
      expect(result).toBeUndefined()
      expect(note).toContain(
        'Asking whether the pull request changes the configuration file failed: GitHub answered 404',
      )
    })
  })

  it('publishes the check run and gives its URL', async () => {
    const published = await publishWithUrls(report([result('fail')]), { checkRun: true, comment: 'false' })
    expect(published.checkRunUrl).toMatch(/^https:\/\/github\.example\/acme\/shop\/runs\/\d+$/)
    expect(published.commentUrl).toBeUndefined()
  })

  it('finds its comment on a later page', async () => {
    for (let i = 0; i < 150; i++) github.seed(7, `chatter ${i}`, 'someone')
    await publish(report([result('fail')]))
    await publish(report([result('pass')]))
    expect(bodies().filter(b => b.includes('clerk-preflight'))).toHaveLength(1)
    expect(github.requests.some(r => r.method === 'GET' && r.path.endsWith('/comments'))).toBe(true)
  })

  it('resolves duplicates left by racing runs: the newest is updated, the others deleted', async () => {
    const marker = `${commentMarker('production')} status="fail" -->\nold`
    github.seed(7, marker)
    const newest = github.seed(7, marker)
    await publish(report([result('pass')]))
    const left = github.comments.get(7) ?? []
    expect(left.map(c => c.id)).toEqual([newest.id])
    expect(left[0]?.body).toContain('all checks pass now')
  })

  it("falls back to the summary on a fork's read-only token, naming the permission", async () => {
    github.readOnlyToken()
    const notes = await publish(report([result('fail')]))
    expect(notes).toHaveLength(1)
    expect(notes[0]).toContain('permissions: pull-requests: write')
    expect(bodies()).toHaveLength(0)
  })

  it('retries a 500 and a secondary rate limit, then succeeds', async () => {
    github.fail({ method: 'GET', path: /comments$/, status: 500 })
    github.fail({
      method: 'POST',
      path: /comments$/,
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit' },
      headers: { 'retry-after': '1' },
    })
    expect(await publish(report([result('fail')]))).toEqual([])
    expect(bodies()).toHaveLength(1)
  })

  it("sends a write once: a 502 to the comment's POST is not retried (GitHub may have posted it)", async () => {
    github.fail({ method: 'POST', path: /comments$/, status: 502, times: 50 })
    const notes = await publish(report([result('fail')]))
    expect(notes[0]).toContain('GitHub answered 502')
    expect(github.requests.filter(r => r.method === 'POST' && /comments$/.test(r.path)).length).toBe(1)
  })

  it('gives up after a bounded number of attempts, with a note', async () => {
    github.fail({ method: 'GET', path: /comments$/, status: 502, times: 50 })
    const notes = await publish(report([result('fail')]))
    expect(notes[0]).toContain('GitHub answered 502')
    expect(github.requests.filter(r => r.method === 'GET').length).toBe(FAST.attempts)
  })

  it('names a rate limit that waiting would not fit, not a missing permission', async () => {
    github.fail({
      method: 'GET',
      path: /comments$/,
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit' },
      // A second is FAST's 5 ms here: 100,000 of them do not fit in the budget.
      headers: { 'retry-after': '100000' },
      times: 50,
    })
    const [note] = await publish(report([result('fail')]))
    expect(note).toContain(
      "GitHub's rate limit stopped it (403: You have exceeded a secondary rate limit; retry-after 100000 s)",
    )
    expect(note).not.toContain('permissions')
  })

  it('names a GitHub that does not answer, not "answered 500"', async () => {
    github.fail({ method: 'POST', path: /graphql$/, status: 200, stall: true, times: 50 })
    github.fail({ method: 'GET', path: /comments$/, status: 200, stall: true, times: 50 })
    const [note] = await publish(report([result('fail')]), { budgetMs: 500 })
    expect(note).toContain('GitHub did not answer within the time the run has for it')
    expect(note).not.toContain('answered 500')
  })

  it('retries nothing once the budget is spent: a hanging GitHub costs the budget, not the back-off after it', async () => {
    github.fail({ method: 'POST', path: /graphql$/, status: 200, stall: true, times: 50 })
    github.fail({ method: 'GET', path: /comments$/, status: 200, stall: true, times: 50 })
    const started = Date.now()
    // A second's unit, as in a run: before, the retry plugin slept 1, 4 and 9 s after the budget's signal.
    const [note] = await publish(report([result('fail')]), { budgetMs: 800, retry: { attempts: 3, baseDelayMs: 1000 } })
    expect(Date.now() - started).toBeLessThan(1500)
    expect(note).toContain('GitHub did not answer within the time the run has for it')
    // At most the viewer query and the first page of comments reached GitHub: nothing was asked again.
    expect(github.requests.length).toBeLessThanOrEqual(2)
  })

  it('names a redirect of its API to another host as such, and does not follow it', async () => {
    github.fail({ method: 'POST', path: /graphql$/, status: 302, headers: { location: 'http://127.0.0.2:9/graphql' } })
    github.fail({
      method: 'GET',
      path: /comments$/,
      status: 302,
      headers: { location: 'http://127.0.0.2:9/elsewhere' },
      times: 5,
    })
    const [note] = await publish(report([result('fail')]))
    expect(note).toBe(
      "Updating the pull-request comment failed: GitHub's API redirected the request to another host (http://127.0.0.2:9), which is not followed. Check GITHUB_API_URL.",
    )
    expect(github.requests.filter(r => r.path.endsWith('/comments'))).toHaveLength(1)
  })

  it('follows a redirect within its own API', async () => {
    github.fail({
      method: 'GET',
      path: /comments$/,
      status: 301,
      headers: { location: '/repos/acme/shop/issues/7/comments?per_page=100' },
    })
    expect(await publish(report([result('fail')]))).toEqual([])
    expect(bodies()).toHaveLength(1)
  })

  it('does not retry a 422 and reports it', async () => {
    github.fail({ method: 'POST', path: /comments$/, status: 422, body: { message: 'Validation Failed' } })
    const notes = await publish(report([result('fail')]))
    expect(notes[0]).toContain('GitHub answered 422')
    expect(github.requests.filter(r => r.method === 'POST' && r.path.endsWith('/comments')).length).toBe(1)
  })

  it('warns, without crashing, when comment is always outside a pull request', async () => {
    const notes = await publish(report([result('pass')]), { comment: 'always', context: featurePush() })
    expect(notes[0]).toContain('belongs to no pull request: there is nothing to comment on. Set `pr-number`')
    // The push's commit was looked up, and belongs to none.
    expect(github.requests.map(r => r.path)).toEqual(['/repos/acme/shop/commits/merge456/pulls'])
  })

  it('comments nowhere with comment: false', async () => {
    await publish(report([result('fail')]), { comment: 'false' })
    expect(github.requests).toEqual([])
  })

  it('publishes a check run by a stable name, in one write: a problem an annotation, worst first, a notice for the rest', async () => {
    // Findings with one fix are one problem: 10,000 findings of 10,000 fixes are 10,000 problems.
    const distinct = Array.from({ length: 10_000 }, (_, i) => ({
      ...result(i % 3 ? 'fail' : 'warn', `h${i}.example.com`),
      fix: `Add: record ${i}`,
    }))
    await publish(report(distinct), { comment: 'false', checkRun: true, verdict: { fail: true, reason: 'x' } })
    expect(github.checkRuns).toHaveLength(1)
    const [run] = github.checkRuns
    expect(run).toMatchObject({ name: 'Clerk preflight (production)', head_sha: 'abc123', conclusion: 'failure' })
    expect(run?.annotations).toHaveLength(50)
    const levels = (run?.annotations ?? []).map(a => (a as { annotation_level: string }).annotation_level)
    expect(levels.slice(0, 49).every(level => level === 'failure')).toBe(true)
    expect(run?.annotations[0]).toMatchObject({
      title: 'dns.cname: h1.example.com',
      message: 'a message. Fix: Add: record 1.',
    })
    expect(run?.annotations[49]).toMatchObject({ annotation_level: 'notice', title: '9951 more problems' })
    expect(github.requests.filter(r => r.path.includes('check-runs'))).toHaveLength(1)
  })

  it('tells findings with one fix as one problem: one annotation, and the check run’s title and text say so', async () => {
    const checks = Array.from({ length: 10_000 }, (_, i) => result(i % 3 ? 'fail' : 'warn', `h${i}.example.com`))
    await publish(report(checks), { comment: 'false', checkRun: true, verdict: { fail: true, reason: 'x' } })
    const [run] = github.checkRuns
    expect(run?.annotations).toEqual([
      expect.objectContaining({
        annotation_level: 'failure',
        title: 'dns.cname: h0.example.com, h1.example.com, h2.example.com and 9997 more',
      }),
    ])
    expect(run?.output?.title).toMatch(/^Clerk preflight: production is not ready: 1 problem\b.*\(dns\.cname\)$/)
    expect(run?.output?.summary).toMatch(/^## ❌ Clerk preflight: \*\*production\*\* is not ready: 1 problem/)
  })

  it('marks an overridden gate as neutral, not success', async () => {
    await publish(report([result('fail')]), {
      comment: 'false',
      checkRun: true,
      verdict: { fail: false, reason: 'x', overriddenBy: 'ok-to-deploy' },
    })
    expect(github.checkRuns[0]).toMatchObject({ conclusion: 'neutral' })
    expect(github.checkRuns[0]?.output?.title).toContain('overridden by ok-to-deploy')
  })
})
