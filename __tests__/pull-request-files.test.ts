import { commentMarker } from '../src/render/comment.js'
import { PK_TEST } from '../test-support/keys.js'
import { runAction, type ActionOptions } from '../test-support/run-action.js'
import { startGitHubStandIn, type GitHubStandIn } from '../test-support/github-server.js'

/**
 * Every path that finds the run's pull request reads its changed files, through the bundled action and the real
 * Octokit against the GitHub stand-in: the event's, the one `pr-number` names, the one whose head a deployment's commit
 * is; a file changed, added, deleted, or past GitHub's 3,000; and an answer of another shape than GitHub's.
 */
const CONFIG = '.github/clerk-preflight.yml'

describe("the run's pull request and its configuration file", () => {
  let github: GitHubStandIn
  beforeEach(async () => {
    github = await startGitHubStandIn()
  })
  afterEach(() => github.close())

  const run = (options: ActionOptions) =>
    runAction({
      ...options,
      inputs: { environment: 'preview', 'github-token': 'ghs_FAKEstandInToken0000', ...options.inputs },
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '42',
        CLERK_PUBLISHABLE_KEY: PK_TEST,
        ...options.env,
      },
    })
  const pullRequestEvent = {
    eventName: 'pull_request',
    ref: 'refs/pull/5/merge',
    event: { pull_request: { number: 5, head: { sha: 'feedbeef' }, labels: [] } },
  }
  const configWarning = (r: Awaited<ReturnType<typeof run>>) =>
    r.report?.checks.find(c => c.id === 'config' && c.status === 'warn')

  it('on deployment_status, reads the files of the pull request whose head is the deployment’s commit', async () => {
    github.pullsOf('dep789', [{ number: 7, state: 'open', head: { sha: 'dep789' }, labels: [] }])
    github.filesOf(7, ['src/app.ts', CONFIG])
    const r = await run({
      eventName: 'deployment_status',
      event: { deployment: { sha: 'dep789', environment: 'Preview' }, deployment_status: { state: 'success' } },
      files: { [CONFIG]: 'passkeys: false\n' },
    })
    expect(configWarning(r)).toMatchObject({ subject: CONFIG, evidence: { pullRequest: 7, file: CONFIG } })
    expect(configWarning(r)?.message).toContain(`this pull request changes ${CONFIG}`)
    // The pull request is looked up once, for the files and the comment.
    expect(github.requests.filter(q => q.path === '/repos/acme/shop/commits/dep789/pulls')).toHaveLength(1)
    expect(github.comments.get(7)?.[0]?.body).toContain(`this pull request changes ${CONFIG}`)
  })

  it('looks the pull request up by commit with comment: false too (the configuration warning is the report’s)', async () => {
    github.pullsOf('dep790', [{ number: 8, state: 'open', head: { sha: 'dep790' }, labels: [] }])
    github.filesOf(8, [CONFIG])
    const r = await run({
      eventName: 'deployment_status',
      event: { deployment: { sha: 'dep790', environment: 'Preview' }, deployment_status: { state: 'success' } },
      inputs: { comment: 'false' },
      files: { [CONFIG]: 'passkeys: false\n' },
    })
    expect(configWarning(r)).toMatchObject({ evidence: { pullRequest: 8, file: CONFIG } })
    expect(github.comments.get(8)).toBeUndefined()
  })

  it('on a push with pr-number, reads the files of the pull request it names', async () => {
    github.filesOf(9, [CONFIG])
    const r = await run({
      eventName: 'push',
      ref: 'refs/heads/feature',
      event: { repository: { default_branch: 'main' } },
      inputs: { 'pr-number': '9' },
      files: { [CONFIG]: 'passkeys: false\n' },
    })
    expect(configWarning(r)).toMatchObject({ evidence: { pullRequest: 9, file: CONFIG } })
  })

  it('says when the pull request deletes the file (its rules vanish) or adds it', async () => {
    github.filesOf(5, ['src/app.ts', { filename: CONFIG, status: 'removed' }])
    const deleted = await run({ ...pullRequestEvent })
    expect(configWarning(deleted)?.message).toBe(
      `this pull request deletes ${CONFIG}: the run had no configuration file, so the settings it held (environments, domains, origins) were not applied`,
    )
    expect(configWarning(deleted)?.evidence).toMatchObject({ change: 'removed' })
    github.filesOf(5, [{ filename: CONFIG, status: 'added' }])
    const added = await run({ ...pullRequestEvent, files: { [CONFIG]: 'passkeys: false\n' } })
    expect(configWarning(added)?.message).toContain(`this pull request adds ${CONFIG}: its settings are this branch's`)
  })

  it('says so when GitHub lists only the first 3,000 files and the file is not among them', async () => {
    github.filesOf(5, [...Array.from({ length: 3000 }, (_, i) => `src/f${i}.ts`), CONFIG])
    const r = await run({ ...pullRequestEvent, files: { [CONFIG]: 'passkeys: false\n' } })
    expect(configWarning(r)?.message).toBe(
      `pull request #5 changes 3,000 files or more, and GitHub lists only the first 3,000: whether it changes ${CONFIG} could not be told, so its settings may be this branch's, written by the pull request's author`,
    )
    expect(github.requests.filter(q => q.path.endsWith('/pulls/5/files'))).toHaveLength(30)
    // 2,999 files and the file not among them: nothing to say.
    github.filesOf(
      5,
      Array.from({ length: 2999 }, (_, i) => `src/f${i}.ts`),
    )
    const fewer = await run({ ...pullRequestEvent, files: { [CONFIG]: 'passkeys: false\n' } })
    expect(configWarning(fewer)).toBeUndefined()
  })

  it('gives a true sentence for an answer that is not a list of files', async () => {
    github.fail({ method: 'GET', path: /\/files$/, status: 200, body: { files: 'not a list' } })
    const r = await run({ ...pullRequestEvent, files: { [CONFIG]: 'passkeys: false\n' } })
    expect(configWarning(r)).toBeUndefined()
    // The log's warning, as the runner shows it (the summary says the same, with #5 kept from linking).
    expect(r.stdout).toContain(
      `::warning::Asking whether the pull request changes the configuration file: GitHub's answer for pull request #5's files was not a list of files, so whether it changes ${CONFIG} could not be told.`,
    )
    expect(r.summary).toContain("GitHub's answer for pull request `#5`'s files was not a list of files")
    expect(r.summary).not.toContain('is not a function')
  })

  it('keeps the environment’s name when the configuration fails on deployment_status, so its one comment is updated', async () => {
    github.pullsOf('dep789', [{ number: 7, state: 'open', head: { sha: 'dep789' }, labels: [] }])
    // The preview environment's comment from an earlier, passing run.
    github.seed(7, `${commentMarker('preview')} status="pass" -->\n### ✅ Clerk preflight: **preview** is ready`)
    const r = await run({
      eventName: 'deployment_status',
      event: {
        deployment: { sha: 'dep789', environment: 'Preview – shop' },
        deployment_status: { state: 'success', target_url: 'https://shop-git-x-acme.vercel.app/' },
      },
      inputs: { environment: '' },
      files: { [CONFIG]: 'fail-on: never\n' },
    })
    expect(r.code).toBe(1)
    expect(r.report?.environment).toEqual({ name: 'preview', instanceType: null, source: null, phase: null })
    const comments = github.comments.get(7) ?? []
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain(commentMarker('preview'))
    expect(comments[0]?.body).toContain('**preview** is not ready')
  })

  describe('the override label', () => {
    const overridden = (event: Record<string, unknown>) =>
      run({
        eventName: 'pull_request',
        ref: 'refs/pull/5/merge',
        event: {
          pull_request: { number: 5, head: { sha: 'feedbeef' }, labels: [{ name: 'clerk-override' }] },
          ...event,
        },
        // A production run with a development key: it fails, and the label keeps the gate open.
        inputs: { environment: 'production', 'override-label': 'clerk-override', 'check-run': 'true' },
      })
    const shown = (r: Awaited<ReturnType<typeof run>>) => ({
      comment: github.comments.get(5)?.[0]?.body ?? '',
      checkRun: github.checkRuns[0]?.output?.title ?? '',
      summary: r.summary,
    })

    it('says who applied it: the labeled event’s sender, asking GitHub nothing more', async () => {
      const r = await overridden({
        action: 'labeled',
        label: { name: 'clerk-override' },
        sender: { login: 'mallory' },
      })
      expect(r.code).toBe(0)
      const { comment, checkRun, summary } = shown(r)
      expect(comment).toContain('overridden by label `clerk-override`, applied by `mallory`: the gate does not block')
      expect(summary).toContain('overridden by label `clerk-override`, applied by `mallory`')
      expect(checkRun).toContain('(overridden by clerk-override, applied by mallory)')
      expect(github.requests.some(q => q.path.endsWith('/timeline'))).toBe(false)
    })

    it('on any other event, reads the last labeled event of that label from the timeline', async () => {
      github.timelineOf(5, [
        { event: 'labeled', label: { name: 'clerk-override' }, actor: { login: 'alice' } },
        { event: 'unlabeled', label: { name: 'clerk-override' }, actor: { login: 'alice' } },
        { event: 'labeled', label: { name: 'bug' }, actor: { login: 'bob' } },
        { event: 'commented', actor: { login: 'bob' } },
        { event: 'labeled', label: { name: 'clerk-override' }, actor: { login: 'eve' } },
      ])
      const r = await overridden({ action: 'synchronize', sender: { login: 'the-author' } })
      expect(r.code).toBe(0)
      expect(shown(r).comment).toContain('applied by `eve`')
      expect(shown(r).checkRun).toContain('applied by eve')
      expect(github.requests.filter(q => q.path === '/repos/acme/shop/issues/5/timeline')).toHaveLength(1)
    })

    it('says plainly when who applied it cannot be told', async () => {
      github.fail({ method: 'GET', path: /\/timeline$/, status: 200, body: { events: 'not a list' } })
      const r = await overridden({ action: 'synchronize' })
      expect(r.code).toBe(0)
      expect(shown(r).comment).toContain('overridden by label `clerk-override` (who applied it could not be told)')
      expect(r.stdout).toContain(
        'Who applied the override label clerk-override could not be told: GitHub’s answer for its timeline was not a list of events.',
      )
    })
  })
})
