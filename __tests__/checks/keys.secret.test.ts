import { PK_LIVE, PK_TEST, SK_LIVE, SK_TEST } from '../../test-support/keys.js'
import { startGitHubStandIn, type GitHubStandIn } from '../../test-support/github-server.js'
import { runAction } from '../../test-support/run-action.js'
import { only, runScenario } from '../../test-support/scenario.js'

const production = { environment: 'production' }

describe('keys.secret', () => {
  it('passes and fails by instance type', async () => {
    const ok = await runScenario({ inputs: production, secretKey: SK_LIVE, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(ok.results, 'keys.secret')).toMatchObject({ status: 'pass', subject: 'CLERK_SECRET_KEY' })
    const bad = await runScenario({ inputs: production, secretKey: SK_TEST, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(bad.results, 'keys.secret')).toMatchObject({ status: 'fail' })
    expect(only(bad.results, 'keys.secret').message).toContain('needs a production instance (sk_live_…)')
  })

  it('warns when absent and when legacy', async () => {
    const none = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(none.results, 'keys.secret').status).toBe('warn')
    const legacy = await runScenario({
      inputs: production,
      secretKey: 'live_FAKElegacy00000000000000',
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(legacy.results, 'keys.secret')).toMatchObject({ status: 'warn' })
    expect(only(legacy.results, 'keys.secret').message).toContain('legacy prefix live_')
  })

  it('fails a malformed secret and never puts any part of it in a result', async () => {
    const secret = 'sk_live_FAKE secret with spaces 0000000000'
    const { results } = await runScenario({ inputs: production, secretKey: secret })
    expect(only(results, 'keys.secret')).toMatchObject({ status: 'fail' })
    const text = JSON.stringify(results)
    for (let i = 0; i + 12 <= secret.length; i++) expect(text).not.toContain(secret.slice(i, i + 12))
  })
})

describe('keys.secret on a pull request from a fork (GitHub gives it no secrets)', () => {
  let github: GitHubStandIn
  beforeEach(async () => {
    github = await startGitHubStandIn()
  })
  afterEach(() => github.close())

  const pullRequest = (head: string, fork: boolean) => ({
    eventName: 'pull_request',
    ref: 'refs/pull/5/merge',
    event: {
      pull_request: {
        number: 5,
        head: { sha: 'feedbeef', repo: { full_name: head, fork } },
        base: { repo: { full_name: 'acme/shop' } },
        labels: [],
      },
    },
    inputs: { environment: 'preview', 'github-token': 'ghs_FAKEstandInToken0000' },
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '42',
      CLERK_PUBLISHABLE_KEY: PK_TEST,
    },
  })

  it('skips a missing secret key, saying why, and creates no comment for what the fork cannot fix', async () => {
    const fork = await runAction(pullRequest('mallory/shop', true))
    const found = fork.report?.checks.find(c => c.id === 'keys.secret')
    expect(found).toMatchObject({ status: 'skip' })
    expect(found?.message).toContain('comes from a fork')
    expect(fork.report?.status).toBe('pass')
    expect(github.comments.get(5)).toBeUndefined()
    // The same pull request from a branch of the repository itself: the workflow could pass the secret.
    const own = await runAction(pullRequest('acme/shop', false))
    expect(own.report?.checks.find(c => c.id === 'keys.secret')).toMatchObject({ status: 'warn' })
  })
})
