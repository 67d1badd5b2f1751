import { PK_LIVE, PK_TEST, SK_LIVE } from '../test-support/keys.js'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'
import { startGitHubStandIn, TOKEN_LOGIN, type GitHubStandIn } from '../test-support/github-server.js'
import { runAction, type ActionOptions } from '../test-support/run-action.js'
import { clerkZone } from '../test-support/zones.js'
import { commentMarker } from '../src/render/comment.js'
import { watchIssue } from '../src/github/issue.js'
import type { Report } from '../src/report/model.js'

// The drift watch (issue: auto) through the bundled action, against GitHub's issues endpoints on loopback.

let zone: DnsTestServer
let github: GitHubStandIn
beforeAll(async () => {
  zone = await startDnsServer({ records: clerkZone('example.com') })
})
afterAll(() => zone.close())
beforeEach(async () => {
  github = await startGitHubStandIn()
})
afterEach(() => github.close())

const FAILING = { 'publishable-key': PK_TEST }
const PASSING = {
  'publishable-key': PK_LIVE,
  'secret-key': SK_LIVE,
  'authorized-parties': 'https://example.com',
  'clerk-api': 'false',
  'live-checks': 'false',
}

function watch(keys: Record<string, string>, options: ActionOptions = {}) {
  return runAction({
    eventName: 'schedule',
    event: { schedule: '0 6 * * *' },
    ...options,
    inputs: {
      environment: 'production',
      issue: 'auto',
      'github-token': 'ghs_FAKEtokenFAKEtoken1234',
      ...keys,
      'dns-servers': zone.address,
      ...options.inputs,
    },
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '77',
      GITHUB_SERVER_URL: 'https://github.example',
      ...options.env,
    },
  })
}

const writes = () => github.requests.filter(r => r.method !== 'GET' && r.path !== '/graphql')

describe('issue: auto on a schedule', () => {
  it('fail, fail, pass: opens one issue, updates it in place once, then comments and closes it', async () => {
    const first = await watch(FAILING)
    expect(first.code).toBe(1)
    expect([...github.issues.values()]).toHaveLength(1)
    const issue = [...github.issues.values()][0]!
    expect(issue).toMatchObject({ state: 'open', title: 'Clerk preflight: production fails its checks' })
    expect(issue.body.startsWith(`${commentMarker('production')} status="fail" -->`)).toBe(true)
    expect(issue.body).toContain('keys.publishable')
    expect(first.stdout).toContain(`The drift watch's issue was opened: ${issue.html_url}`)

    const second = await watch(FAILING, { inputs: { 'secret-key': SK_LIVE } })
    expect(second.code).toBe(1)
    expect([...github.issues.values()]).toHaveLength(1)
    expect(github.comments.get(issue.number)).toBeUndefined()

    const third = await watch(PASSING)
    expect(third.code).toBe(0)
    expect(third.report?.status).toBe('pass')
    expect(issue).toMatchObject({ state: 'closed', state_reason: 'completed' })
    const comments = github.comments.get(issue.number) ?? []
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toMatch(
      /^✅ Clerk preflight: \*\*production\*\* passes its checks again \(\[the run\]\(https:\/\/github\.example\/acme\/shop\/actions\/runs\/77\)\); closing\./,
    )

    // Every write of the three runs: one issue opened, its body updated once, one comment, one close.
    expect(writes().map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/shop/issues',
      `PATCH /repos/acme/shop/issues/${issue.number}`,
      `POST /repos/acme/shop/issues/${issue.number}/comments`,
      `PATCH /repos/acme/shop/issues/${issue.number}`,
    ])
    const [, update, , close] = writes()
    expect(Object.keys(update?.body as object)).toEqual(expect.arrayContaining(['body']))
    expect(update?.body).not.toHaveProperty('state')
    expect(close?.body).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(close?.body).not.toHaveProperty('body')
    // The secret key of the second run is nowhere in what GitHub was sent.
    expect(JSON.stringify(github.requests)).not.toContain(SK_LIVE.slice(8))
  })

  it('opens nothing on a pass, and nothing on a push (the comment and check run speak there)', async () => {
    expect((await watch(PASSING)).code).toBe(0)
    expect((await watch(FAILING, { eventName: 'push', event: {} })).code).toBe(1)
    expect(github.issues.size).toBe(0)
    expect(writes()).toEqual([])
  })

  it('keeps one issue per environment, and leaves alone a person’s issue and a pull request that quote the marker', async () => {
    const marker = `${commentMarker('production')} status="fail" -->`
    const someone = github.seedIssue(`${marker}\nquoted`, { login: 'octocat' })
    const pr = github.seedIssue(`${marker}\nquoted`, { pullRequest: true })
    await watch(FAILING)
    // A preview on a production key fails as well.
    await watch({ 'publishable-key': PK_LIVE }, { inputs: { environment: 'preview' } })
    const ours = [...github.issues.values()].filter(i => i !== someone && i !== pr)
    expect(ours.map(i => i.title).sort()).toEqual([
      'Clerk preflight: preview fails its checks',
      'Clerk preflight: production fails its checks',
    ])
    await watch(PASSING)
    expect(ours.find(i => i.title.includes('production'))?.state).toBe('closed')
    expect(ours.find(i => i.title.includes('preview'))?.state).toBe('open')
    expect(someone.body).toBe(`${marker}\nquoted`)
    expect([someone.state, pr.state]).toEqual(['open', 'open'])
  })

  it('with fail-on: never the step passes and the watch still opens the issue; a refusal names issues: write', async () => {
    const never = await watch(FAILING, { eventName: 'workflow_dispatch', inputs: { 'fail-on': 'never' } })
    expect(never.code).toBe(0)
    expect(github.issues.size).toBe(1)

    github.fail({
      method: 'POST',
      path: /\/issues\/\d+\/comments$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    })
    const refused = await watch(PASSING)
    expect(refused.code).toBe(0)
    expect(refused.summary).toContain('Grant the job `permissions: issues: write`')
    expect([...github.issues.values()][0]?.state).toBe('open')
  })

  it('is refused in the configuration file, where the workflow’s settings may not be', async () => {
    const run = await watch(PASSING, {
      inputs: { issue: '' },
      files: { '.github/clerk-preflight.yml': 'issue: auto\n' },
    })
    expect(run.code).toBe(1)
    const config = run.report?.checks.find(c => c.id === 'config')
    expect(config?.status).toBe('fail')
    expect(config?.message).toContain('issue')
    expect(github.issues.size).toBe(0)
  })
})

describe('watchIssue', () => {
  const report = (status: Report['status']): Report => ({
    schemaVersion: 1,
    environment: { name: 'production', instanceType: 'production', source: 'input', phase: 'before-deploy' },
    status,
    checks: [],
    counts: { pass: 0, warn: 0, fail: 0, error: 0, skip: 0 },
    durationMs: 1,
  })
  const context = {
    eventName: 'schedule',
    workspace: '.',
    payload: {},
    repository: { owner: 'acme', repo: 'shop' },
  }

  it('says what is missing without a token, and does nothing when the policy is false', async () => {
    const base = { policy: 'auto' as const, context, report: report('fail'), failing: true, render: {} }
    expect(await watchIssue(base)).toEqual({
      notes: ['issue is auto, but there is no github-token: no issue was opened or closed.'],
    })
    expect(await watchIssue({ ...base, policy: 'false', token: 't' })).toEqual({ notes: [] })
    expect(await watchIssue({ ...base, token: 't', context: { ...context, repository: undefined } })).toEqual({
      notes: ['GITHUB_REPOSITORY is not set: no issue was opened or closed.'],
    })
  })

  it('leaves a marked issue alone when it cannot tell whose it is', async () => {
    const saved = process.env.GITHUB_API_URL
    process.env.GITHUB_API_URL = github.url
    try {
      github.fail({ method: 'POST', path: /^\/graphql$/, status: 500, times: 10 })
      github.seedIssue(`${commentMarker('production')} status="fail" -->`, { login: TOKEN_LOGIN })
      const outcome = await watchIssue({
        token: 'ghs_FAKEtokenFAKEtoken1234',
        policy: 'auto',
        context,
        report: report('fail'),
        failing: true,
        render: {},
        retry: { attempts: 1, baseDelayMs: 1 },
      })
      expect(outcome.action).toBeUndefined()
      expect(outcome.notes.join(' ')).toContain('Could not tell which identity the token acts as')
      expect(github.issues.size).toBe(1)
    } finally {
      process.env.GITHUB_API_URL = saved
    }
  })

  it("says so, and opens nothing, when GitHub's list of issues is not a list", async () => {
    const saved = process.env.GITHUB_API_URL
    process.env.GITHUB_API_URL = github.url
    try {
      github.fail({ method: 'GET', path: /\/issues$/, status: 200, body: { message: 'not a list' }, times: 10 })
      const outcome = await watchIssue({
        token: 'ghs_FAKEtokenFAKEtoken1234',
        policy: 'auto',
        context,
        report: report('fail'),
        failing: true,
        render: {},
        retry: { attempts: 1, baseDelayMs: 1 },
      })
      expect(outcome.action).toBeUndefined()
      expect(outcome.notes.join(' ')).toContain("GitHub's list of open issues was not a list (object)")
      expect(github.issues.size).toBe(0)
    } finally {
      process.env.GITHUB_API_URL = saved
    }
  })
})
