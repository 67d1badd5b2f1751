import { readdir, readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'
import { ACTION_INPUTS } from '../src/settings/action-inputs.js'
import { NAMED_INPUTS, SETTING_INPUTS } from '../src/settings/input-helper.js'
import { SETTINGS } from '../src/settings/schema.js'
import { PK_LIVE, PK_TEST, publishableKey, SK_LIVE, SK_TEST } from '../test-support/keys.js'
import { productionDomain, startClerkStandIn } from '../test-support/clerk-server.js'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'
import { startGitHubStandIn, type GitHubStandIn } from '../test-support/github-server.js'
import { DIST, leakedSlices, runAction, visibleLog, type ActionRun } from '../test-support/run-action.js'
import { defaultReportFile } from '../src/report/write.js'
import { clerkZone } from '../test-support/zones.js'
import { renderGfm, visibleText } from '../test-support/gfm.js'

// Runs dist/index.js (the shipped artifact) as the runner does. `npm run bundle` must have been run after changes.

function everything(run: ActionRun): string {
  return [visibleLog(run.stdout), run.stderr, run.outputsFile, run.summary, run.reportText].join('\n')
}

let zone: DnsTestServer
beforeAll(async () => {
  zone = await startDnsServer({ records: clerkZone('example.com') })
})
afterAll(() => zone.close())

describe('the bundled action', () => {
  it('fails a production deploy that carries development keys, saying which key, why and the fix', async () => {
    const run = await runAction({
      inputs: { environment: 'production' },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST },
    })
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('fail')
    expect(run.outputs['failed-checks']?.split(',')).toEqual(
      expect.arrayContaining(['keys.publishable', 'keys.secret']),
    )
    // The summary as GitHub shows it.
    const summary = visibleText(renderGfm(run.summary))
    expect(summary).toContain('Clerk preflight: production is not ready')
    expect(summary).toContain(
      'CLERK_PUBLISHABLE_KEY is a pk_test_ key of a development instance, but production needs a production instance (pk_live_…)',
    )
    expect(summary).toContain('copy its publishable key (pk_live_…)')
    // The verdict annotation names what failed.
    expect(run.stdout).toMatch(
      /^::error::Clerk preflight: production is not ready: \d+ problems and 1 warning \(keys\.publishable, keys\.secret, /m,
    )
    // Through @actions/core: each problem is its annotation, and the log points at the summary for the rest; every
    // finding, and the plan, are said for ACTIONS_STEP_DEBUG only.
    expect(run.stdout).not.toMatch(/^(PASS|SKIP|FAIL|WARN) /m)
    expect(run.stdout).toMatch(/^::debug::(PASS|SKIP) {2}/m)
    expect(run.stdout).toMatch(
      /^Each problem with its fix, the blocks to copy, and what passed: the job summary and the JSON report \(.*\/clerk-preflight\.json\)\.$/m,
    )
    expect(run.stdout).toMatch(/^::debug::environment production \(production instance, from input\)/m)
    expect(run.report).toMatchObject({
      schemaVersion: 1,
      status: 'fail',
      environment: { name: 'production', instanceType: 'production', source: 'input' },
    })
  })

  it('passes the step with fail-on: never and still reports fail', async () => {
    const run = await runAction({
      inputs: { environment: 'production', 'fail-on': 'never' },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST },
    })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('fail')
    expect(run.report?.status).toBe('fail')
    expect(run.stdout).not.toContain('::error::')
  })

  it('writes the report to a file of the step’s own, so that two steps of a job keep theirs', async () => {
    const step = (action: string) =>
      runAction({
        inputs: { environment: 'development' },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST, GITHUB_ACTION: action },
      })
    const [first, second] = await Promise.all([
      step('__clerk-preflight_clerk-preflight'),
      step('__clerk-preflight_clerk-preflight_2'),
    ])
    expect(first.outputs['report-file']).toMatch(/\/clerk-preflight-__clerk-preflight_clerk-preflight\.json$/)
    expect(second.outputs['report-file']).toMatch(/\/clerk-preflight-__clerk-preflight_clerk-preflight_2\.json$/)
    expect(first.report?.environment.name).toBe('development')
    // A name that is not a plain file name stays inside RUNNER_TEMP.
    expect(defaultReportFile({ RUNNER_TEMP: '/t', GITHUB_ACTION: '../../etc/x' })).toBe('/t/clerk-preflight-etc-x.json')
    expect(defaultReportFile({ RUNNER_TEMP: '/t' })).toBe('/t/clerk-preflight.json')
  })

  it('passes a well configured production run, with the domain derived from the key', async () => {
    const run = await runAction({
      inputs: {
        environment: 'production',
        'secret-key': SK_LIVE,
        'publishable-key': PK_LIVE,
        'dns-servers': zone.address,
        'authorized-parties': 'https://example.com',
        'clerk-api': 'false',
        // The live deployment has a test of its own (live.test.ts), with HTTPS on loopback.
        'live-checks': 'false',
      },
    })
    expect(run.code).toBe(0)
    expect(run.report?.checks.filter(c => c.id.startsWith('dns.')).map(c => c.status)).not.toContain('error')
    expect(run.outputs).toMatchObject({ status: 'pass', 'failed-checks': '' })
    expect(run.report?.counts).toMatchObject({ fail: 0, error: 0 })
    expect(run.report?.checks.find(c => c.id === 'keys.frontend-api')?.evidence).toMatchObject({
      domain: 'example.com',
      domainSource: 'publishable key',
    })
  })

  it('fails with fail-on: warning when there is only a warning', async () => {
    const run = await runAction({
      inputs: {
        environment: 'production',
        'fail-on': 'warning',
        'publishable-key': PK_LIVE,
        'dns-servers': zone.address,
        'authorized-parties': 'https://example.com',
        'live-checks': 'false',
      },
    })
    expect(run.report?.status).toBe('warn')
    expect(run.code).toBe(1)
  })

  it('writes the report with a failing config check when the file is invalid, and fails whatever fail-on says', async () => {
    const run = await runAction({
      inputs: { environment: 'production', config: 'ci/clerk.yml', 'fail-on': 'never' },
      files: { 'ci/clerk.yml': 'environments:\n  production:\n    domian: example.com\n' },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(run.code).toBe(1)
    const config = run.report?.checks.find(c => c.id === 'config')
    expect(config).toMatchObject({
      subject: 'ci/clerk.yml',
      status: 'fail',
      fix: 'Did you mean `domain`?',
      evidence: { line: 3, column: 5 },
    })
    expect(run.report?.checks.filter(c => c.id !== 'config').every(c => c.status === 'skip')).toBe(true)
    expect(run.summary).toContain('line 3, column 5')
  })

  it('reads the environment and url from a deployment_status event (Vercel)', async () => {
    const run = await runAction({
      eventName: 'deployment_status',
      event: {
        deployment: { environment: 'Preview' },
        deployment_status: { state: 'success', target_url: 'https://app-git-x-team.vercel.app' },
      },
      env: { VITE_CLERK_PUBLISHABLE_KEY: PK_LIVE },
      files: { '.github/clerk-preflight.yml': 'environments:\n  preview:\n    instance-type: production\n' },
    })
    expect(run.report?.environment).toEqual({
      name: 'preview',
      instanceType: 'production',
      source: 'deployment',
      phase: 'after-deploy',
    })
    const origin = run.report?.checks.find(
      c => c.id === 'environment' && c.subject === 'https://app-git-x-team.vercel.app',
    )
    expect(origin?.status).toBe('fail')
  })

  it('infers production from a push to the default branch, and preview from a pull request', async () => {
    const push = await runAction({
      eventName: 'push',
      ref: 'refs/heads/trunk',
      event: { repository: { default_branch: 'trunk' } },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(push.report?.environment).toMatchObject({ name: 'production', source: 'ref' })
    const pr = await runAction({
      eventName: 'pull_request',
      ref: 'refs/pull/3/merge',
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    expect(pr.report?.environment).toMatchObject({ name: 'preview', source: 'pull_request' })
    expect(pr.code).toBe(0)
  })

  it('uses VERCEL_ENV when nothing else names the environment', async () => {
    const run = await runAction({
      ref: 'refs/heads/feature',
      env: { VERCEL_ENV: 'development', CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    expect(run.report?.environment).toMatchObject({ name: 'development', source: 'VERCEL_ENV' })
  })

  it('is a config failure, with the report written, when no environment can be found', async () => {
    const run = await runAction({ ref: 'refs/heads/feature', env: { CLERK_PUBLISHABLE_KEY: PK_TEST } })
    expect(run.code).toBe(1)
    expect(run.report?.environment).toEqual({ name: 'unknown', instanceType: null, source: null, phase: null })
    expect(run.report?.checks[0]).toMatchObject({ id: 'config', status: 'fail' })
  })

  it('finishes its work when nobody reads the log any more', async () => {
    const run = await runAction({
      closeLog: true,
      inputs: { environment: 'production' },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1)
    expect(run.report?.status).toBe('fail')
    expect(run.outputs['failed-checks']).toContain('keys.publishable')
  })

  it('starts with only what every run needs (the YAML parser, Octokit with undici, the suffix list and the CSP parser are chunks), and stays under 1.5 MB', async () => {
    const startFiles = ['index.js', 'actions-core.js', 'actions-core-left-out.js']
    const start = (await Promise.all(startFiles.map(f => readFile(join(dirname(DIST), f), 'utf8')))).join('\n')
    const chunks = await readdir(dirname(DIST))
    const lazy = await Promise.all(
      chunks
        .filter(c => !startFiles.includes(c) && c.endsWith('.js'))
        .map(c => readFile(join(dirname(DIST), c), 'utf8')),
    )
    // One distinctive name of each lazily loaded dependency: in some chunk, and not in what every run loads
    // (@actions/core is built without its OIDC client's HTTP stack and @actions/exec: scripts/bundle.mjs).
    for (const marker of ['YAMLMap', 'octokit', 'undici', 'blogspot', 'TrustedTypesSink']) {
      expect(start).not.toContain(marker)
      expect(lazy.some(text => text.includes(marker))).toBe(true)
    }
    // Nor child_process, which only core.platform (through @actions/exec) would load.
    expect(start).not.toContain('child_process')
    // CommonJS, so that node starts it without its ES module loader; the chunks are CommonJS too.
    expect(JSON.parse(await readFile(join(dirname(DIST), 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' })
    expect(start).not.toMatch(/\bimport\.meta\b|^import\b/)
    // The whole bundle stays under 1.5 MB.
    const sizes = await Promise.all(
      chunks.filter(c => c.endsWith('.js')).map(async c => (await stat(join(dirname(DIST), c))).size),
    )
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(1_500_000)
  })

  describe('secrets', () => {
    // Distinctive, and malformed in ways that make the checks talk about them.
    const secrets = {
      'secret-key': 'sk_live_LEAKCANARYsecret0123456789 with a space',
      CLERK_SECRET_KEY: 'sk_test_LEAKCANARYvariable987654321zyxw',
      'github-token': 'ghs_LEAKCANARYtoken00000000000000000000',
      'webhook-signing-secret': `whsec_${Buffer.from('LEAKCANARYwebhook-0123456789').toString('base64')}`,
      CLERK_WEBHOOK_SECRET: 'whsec_LEAKCANARY*not*base64*at*all',
    }

    it.each(['production', 'preview', 'development'])('never appear in any output (%s)', async environment => {
      const github = await startGitHubStandIn()
      const clerk = await startClerkStandIn({
        secretKey: secrets['secret-key'],
        environmentType: 'production',
        domains: [productionDomain('example.com')],
      })
      const run = await runAction({
        eventName: 'pull_request',
        event: { pull_request: { number: 9, head: { sha: 'feedbeef' }, labels: [] } },
        inputs: {
          environment,
          'secret-key': secrets['secret-key'],
          'github-token': secrets['github-token'],
          'webhook-signing-secret': secrets['webhook-signing-secret'],
        },
        env: {
          CLERK_SECRET_KEY: secrets.CLERK_SECRET_KEY,
          CLERK_WEBHOOK_SECRET: secrets.CLERK_WEBHOOK_SECRET,
          GITHUB_API_URL: github.url,
          GITHUB_REPOSITORY: 'acme/shop',
          CLERK_API_URL: clerk.url,
          CLERK_FAPI_URL: clerk.url,
          // A secret key pasted where the publishable key belongs.
          CLERK_PUBLISHABLE_KEY: secrets.CLERK_SECRET_KEY,
          NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.example.com'),
        },
      })
      await Promise.all([github.close(), clerk.close()])
      // The secret key went to Clerk's stand-in, in the Authorization header and nowhere else.
      expect(clerk.requests.some(r => r.authorization === `Bearer ${secrets['secret-key'].trim()}`)).toBe(true)
      expect(run.report).toBeDefined()
      const sent = github.requests.map(r => JSON.stringify(r.body ?? '')).join('\n')
      expect(github.comments.get(9)).toHaveLength(1)
      const all = `${everything(run)}\n${sent}`
      for (const secret of Object.values(secrets)) expect(leakedSlices(all, secret)).toEqual([])
      // They were masked with the runner before anything else was printed.
      expect(run.stdout.split('\n')[0]).toMatch(/^::add-mask::/)
    })

    it('are not echoed when put into the configuration file', async () => {
      const run = await runAction({
        inputs: { environment: 'production' },
        files: { '.github/clerk-preflight.yml': `secret-key: ${SK_LIVE}\n` },
      })
      expect(run.code).toBe(1)
      expect(leakedSlices(everything(run), SK_LIVE)).toEqual([])
      expect(run.report?.checks[0]?.message).toContain('holds a secret')
    })
  })
})

describe("with Clerk's APIs", () => {
  it('confirms the pair through CLERK_API_URL', async () => {
    const clerk = await startClerkStandIn({
      secretKey: SK_LIVE,
      environmentType: 'production',
      domains: [productionDomain('example.com')],
      passkeys: true,
    })
    try {
      const run = await runAction({
        inputs: {
          environment: 'production',
          'publishable-key': PK_LIVE,
          'secret-key': SK_LIVE,
          'dns-servers': zone.address,
          'authorized-parties': 'https://example.com',
          'live-checks': 'false',
        },
        env: { CLERK_API_URL: clerk.url, CLERK_FAPI_URL: clerk.url },
      })
      expect(run.report?.checks.find(c => c.id === 'keys.pair')?.message).toContain('confirmed by Clerk')
      expect(run.report?.checks.find(c => c.id === 'clerk.api')?.status).toBe('pass')
      expect(run.code).toBe(0)
    } finally {
      await clerk.close()
    }
  })
})

describe('on a pull request, against a GitHub stand-in', () => {
  let github: GitHubStandIn
  beforeEach(async () => {
    github = await startGitHubStandIn()
  })
  afterEach(() => github.close())

  const prRun = (
    labels: string[] = [],
    extra: { inputs?: Record<string, string>; env?: Record<string, string>; files?: Record<string, string> } = {},
  ) =>
    runAction({
      files: extra.files,
      eventName: 'pull_request',
      ref: 'refs/pull/5/merge',
      event: { pull_request: { number: 5, head: { sha: 'feedbeef' }, labels: labels.map(name => ({ name })) } },
      inputs: {
        environment: 'production',
        'github-token': 'ghs_FAKEstandInToken0000',
        'override-label': 'clerk-override',
        ...extra.inputs,
      },
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '42',
        CLERK_PUBLISHABLE_KEY: PK_TEST,
        ...extra.env,
      },
    })

  it('comments once, updates the comment on the next run, and annotates', async () => {
    const first = await prRun()
    expect(first.code).toBe(1)
    await prRun()
    const comments = github.comments.get(5) ?? []
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('### ❌ Clerk preflight: **production** is not ready: ')
    expect(comments[0]?.body).toContain('[the run](https://github.com/acme/shop/actions/runs/42)')
    // The runner's command format encodes ":" in properties.
    expect(first.stdout).toMatch(
      /^::error title=keys\.publishable%3A CLERK_PUBLISHABLE_KEY::CLERK_PUBLISHABLE_KEY is a pk_test_ key/m,
    )
  })

  describe("the pull request's own configuration file", () => {
    const CONFIG = '.github/clerk-preflight.yml'

    it('cannot set the gate, where data goes or the key: each is a config failure with its fix', async () => {
      const run = await prRun(['clerk-override'], {
        inputs: { 'override-label': '' },
        files: {
          [CONFIG]: `fail-on: never\noverride-label: clerk-override\nwebhook-url: https://attacker.example/hook\npublishable-key: ${PK_LIVE}\n`,
        },
      })
      expect(run.code).toBe(1)
      expect(run.outputs.status).toBe('fail')
      const refused = run.report?.checks.filter(c => c.id === 'config' && c.status === 'fail') ?? []
      expect(refused.map(c => c.evidence?.field).sort()).toEqual(['fail-on', 'override-label', 'webhook-url'])
      expect(refused[0]?.fix).toMatch(/^Remove `[a-z-]+` from the file and set it in the workflow's `with:`/)
      expect(run.summary).toContain("is the workflow's alone")
      expect(github.comments.get(5)?.[0]?.body).toContain('not ready')
    })

    it("loses to the variable's publishable key", async () => {
      const run = await prRun([], { files: { [CONFIG]: `publishable-key: ${PK_LIVE}\n` } })
      const key = run.report?.checks.find(c => c.id === 'keys.publishable')
      expect(key).toMatchObject({ subject: 'CLERK_PUBLISHABLE_KEY', status: 'fail' })
    })

    it('is said to be this branch’s when the pull request changes it', async () => {
      github.filesOf(5, ['src/app.ts', CONFIG])
      const run = await prRun([], { files: { [CONFIG]: 'passkeys: false\n' } })
      const warning = run.report?.checks.find(c => c.id === 'config' && c.status === 'warn')
      expect(warning?.message).toBe(
        `this pull request changes ${CONFIG}: its settings are this branch's, written by the pull request's author, and were used as written`,
      )
      expect(visibleText(renderGfm(run.summary))).toContain(`this pull request changes ${CONFIG}`)
      github.filesOf(5, ['src/app.ts'])
      const unchanged = await prRun([], { files: { [CONFIG]: 'passkeys: false\n' } })
      expect(unchanged.report?.checks.filter(c => c.id === 'config').map(c => c.status)).toEqual(['pass'])
    })
  })

  it('keeps the gate open with the override label, and says so everywhere', async () => {
    const run = await prRun(['clerk-override'])
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('fail')
    expect(visibleText(renderGfm(run.summary))).toContain('overridden by label clerk-override')
    expect(visibleText(renderGfm(github.comments.get(5)?.[0]?.body ?? ''))).toContain(
      'overridden by label clerk-override',
    )
  })

  it("fails the gate as before when a fork's token may not comment, and says what permission is missing", async () => {
    github.readOnlyToken()
    const run = await prRun()
    expect(run.code).toBe(1)
    expect(run.summary).toContain('permissions: pull-requests: write')
    expect(run.stdout).toContain('::warning::Updating the pull-request comment failed')
  })

  it('gets past a 502 from GitHub and comments', async () => {
    github.fail({ method: 'GET', path: /comments$/, status: 502 })
    const run = await prRun()
    expect(github.comments.get(5)).toHaveLength(1)
    expect(run.stdout).not.toContain('::warning::Updating the pull-request comment failed')
  })

  it('points a configuration annotation at the file and line', async () => {
    const run = await runAction({
      inputs: { environment: 'production' },
      files: { '.github/clerk-preflight.yml': 'environments:\n  production:\n    domian: example.com\n' },
    })
    expect(run.stdout).toContain(
      '::error title=config%3A .github/clerk-preflight.yml,file=.github/clerk-preflight.yml,line=3,col=5::',
    )
  })
})

describe('action.yml', () => {
  it('declares every input and output of the contract, and no config-settable defaults', async () => {
    const action = parse(await readFile('action.yml', 'utf8')) as {
      inputs: Record<string, { default?: string; description: string }>
      outputs: Record<string, unknown>
      runs: { using: string; main: string }
    }
    // action.yml is the one list: the action reads each of its inputs, by name or as a setting the schema validates.
    expect(Object.keys(action.inputs)).toEqual([...ACTION_INPUTS])
    expect([...SETTING_INPUTS, ...NAMED_INPUTS].sort()).toEqual([...ACTION_INPUTS].sort())
    expect([...SETTING_INPUTS].sort()).toEqual([...Object.keys(SETTINGS), 'environment'].sort())
    expect(Object.keys(action.outputs).sort()).toEqual([
      'check-run-url',
      'comment-url',
      'failed-checks',
      'report-file',
      'status',
    ])
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    const withDefaults = Object.entries(action.inputs)
      .filter(([, i]) => i.default !== undefined)
      .map(([n]) => n)
    expect(withDefaults).toEqual(['github-token'])
  })
})
