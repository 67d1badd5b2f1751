import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'
import { PK_LIVE, PK_TEST, publishableKey, SK_LIVE, SK_TEST } from '../test-support/keys.js'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'
import { leakedSlices, runAction, visibleLog, type ActionRun } from '../test-support/run-action.js'
import { clerkZone } from '../test-support/zones.js'

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
    expect(run.outputs['failed-checks']?.split(',')).toEqual(expect.arrayContaining(['keys.publishable', 'keys.secret']))
    expect(run.summary).toContain('Clerk preflight: **production** is not ready')
    expect(run.summary).toContain('CLERK_PUBLISHABLE_KEY is a pk_test_ key of a development instance, but production needs a production instance (pk_live_…)')
    expect(run.summary).toContain('copy its publishable key (pk_live_…)')
    expect(run.stdout).toContain('::error::Clerk preflight: fail for production')
    expect(run.report).toMatchObject({ schemaVersion: 1, status: 'fail', environment: { name: 'production', instanceType: 'production', source: 'input' } })
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

  it('passes a well configured production run, with the domain derived from the key', async () => {
    const run = await runAction({
      inputs: {
        environment: 'production',
        'secret-key': SK_LIVE,
        'publishable-key': PK_LIVE,
        'dns-servers': zone.address,
        'authorized-parties': 'https://example.com',
      },
    })
    expect(run.code).toBe(0)
    expect(run.report?.checks.filter(c => c.id.startsWith('dns.')).map(c => c.status)).not.toContain('error')
    expect(run.outputs).toMatchObject({ status: 'pass', 'failed-checks': '' })
    expect(run.report?.counts).toMatchObject({ fail: 0, error: 0 })
    expect(run.report?.checks.find(c => c.id === 'keys.frontend-api')?.evidence).toMatchObject({ domain: 'example.com', domainSource: 'publishable key' })
  })

  it('fails with fail-on: warning when there is only a warning', async () => {
    const run = await runAction({
      inputs: { environment: 'production', 'fail-on': 'warning', 'publishable-key': PK_LIVE, 'dns-servers': zone.address, 'authorized-parties': 'https://example.com' },
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
    expect(config).toMatchObject({ subject: 'ci/clerk.yml', status: 'fail', fix: 'Did you mean `domain`?', evidence: { line: 3, column: 5 } })
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
    expect(run.report?.environment).toEqual({ name: 'preview', instanceType: 'production', source: 'deployment' })
    const origin = run.report?.checks.find(c => c.id === 'environment' && c.subject === 'https://app-git-x-team.vercel.app')
    expect(origin?.status).toBe('fail')
  })

  it('infers production from a push to the default branch, and preview from a pull request', async () => {
    const push = await runAction({ eventName: 'push', ref: 'refs/heads/trunk', event: { repository: { default_branch: 'trunk' } }, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(push.report?.environment).toMatchObject({ name: 'production', source: 'ref' })
    const pr = await runAction({ eventName: 'pull_request', ref: 'refs/pull/3/merge', env: { CLERK_PUBLISHABLE_KEY: PK_TEST } })
    expect(pr.report?.environment).toMatchObject({ name: 'preview', source: 'pull_request' })
    expect(pr.code).toBe(0)
  })

  it('uses VERCEL_ENV when nothing else names the environment', async () => {
    const run = await runAction({ ref: 'refs/heads/feature', env: { VERCEL_ENV: 'development', CLERK_PUBLISHABLE_KEY: PK_TEST } })
    expect(run.report?.environment).toMatchObject({ name: 'development', source: 'VERCEL_ENV' })
  })

  it('is a config failure, with the report written, when no environment can be found', async () => {
    const run = await runAction({ ref: 'refs/heads/feature', env: { CLERK_PUBLISHABLE_KEY: PK_TEST } })
    expect(run.code).toBe(1)
    expect(run.report?.environment).toEqual({ name: 'unknown', instanceType: null, source: null })
    expect(run.report?.checks[0]).toMatchObject({ id: 'config', status: 'fail' })
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
      const run = await runAction({
        inputs: {
          environment,
          'secret-key': secrets['secret-key'],
          'github-token': secrets['github-token'],
          'webhook-signing-secret': secrets['webhook-signing-secret'],
        },
        env: {
          CLERK_SECRET_KEY: secrets.CLERK_SECRET_KEY,
          CLERK_WEBHOOK_SECRET: secrets.CLERK_WEBHOOK_SECRET,
          // A secret key pasted where the publishable key belongs.
          CLERK_PUBLISHABLE_KEY: secrets.CLERK_SECRET_KEY,
          NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.example.com'),
        },
      })
      expect(run.report).toBeDefined()
      const all = everything(run)
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

describe('action.yml', () => {
  it('declares every input and output of the contract, and no config-settable defaults', async () => {
    const action = parse(await readFile('action.yml', 'utf8')) as {
      inputs: Record<string, { default?: string; description: string }>
      outputs: Record<string, unknown>
      runs: { using: string; main: string }
    }
    expect(Object.keys(action.inputs).sort()).toEqual(
      [
        'environment', 'config', 'publishable-key', 'secret-key', 'domain', 'proxy-url', 'app-origins',
        'authorized-parties', 'passkeys', 'satellites', 'url', 'webhook-signing-secret', 'dns-servers',
        'dns-timeout-ms', 'fail-on', 'comment', 'override-label', 'check-run', 'clerk-api', 'github-token',
        'report-file',
      ].sort(),
    )
    expect(Object.keys(action.outputs).sort()).toEqual(['failed-checks', 'report-file', 'status'])
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    const withDefaults = Object.entries(action.inputs).filter(([, i]) => i.default !== undefined).map(([n]) => n)
    expect(withDefaults).toEqual(['github-token'])
  })
})
