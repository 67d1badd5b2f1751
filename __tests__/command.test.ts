import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { CHECKS } from '../src/checks/index.js'
import type { Report } from '../src/report/model.js'
import { startDnsServer, type DnsTestServer, type FixtureRecord } from '../test-support/dns-server.js'
import { httpsUnavailable, json, page, startHttpsServer, type HttpsTestServer } from '../test-support/https-server.js'
import { PK_LIVE, PK_TEST, SK_LIVE, SK_TEST } from '../test-support/keys.js'
import { leakedSlices } from '../test-support/run-action.js'
import { runCommand } from '../test-support/run-command.js'
import { clerkZone } from '../test-support/zones.js'

// `clerk-preflight`, the bundled command (dist/cli/index.js), run as a child process on loopback stand-ins.

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }
const ANSI = new RegExp(String.fromCharCode(27) + '\\[')

let zone: DnsTestServer
beforeAll(async () => {
  zone = await startDnsServer({ records: clerkZone('example.com') })
})
afterAll(() => zone.close())

const PASSING = [
  '--environment',
  'production',
  '--publishable-key',
  PK_LIVE,
  '--authorized-parties',
  'https://example.com',
  '--clerk-api',
  'false',
  '--live-checks=false',
]

describe('clerk-preflight', () => {
  it('--help is generated from action.yml: every input is a flag, and it says what a build step can judge', async () => {
    const run = await runCommand(['--help'])
    expect(run.code).toBe(0)
    for (const name of Object.keys(action.inputs)) expect(run.stdout).toContain(`--${name}`)
    const text = run.stdout.replace(/\s+/g, ' ')
    expect(text).toMatch(/phase before-deploy/)
    // Each check under what a build can judge of it: the app side (the previous release) at most a warning.
    const appSide = CHECKS.filter(c => c.side === 'app').map(c => c.id)
    expect(appSide).toEqual(expect.arrayContaining(['csp', 'deploy.publishable-key', 'webhooks.endpoint']))
    expect(text).toContain(`at most a warning before the deploy: ${appSide.join(', ')};`)
    const clerkSide = CHECKS.filter(c => c.side === 'clerk').map(c => c.id)
    expect(text).toContain(`as they do not change with the deploy: ${clerkSide.join(', ')}.`)
    expect(run.stdout).toContain('Exit status: 0 when the gate passes, 1 when it fails')
  })

  it('exits 2 on invalid usage, saying what is wrong', async () => {
    const typo = await runCommand(['--enviroment', 'production'])
    expect(typo).toMatchObject({ code: 2, stdout: '' })
    expect(typo.stderr).toBe('clerk-preflight: unknown option --enviroment; did you mean --environment?\n')
    expect((await runCommand(['--environment'])).stderr).toContain('--environment needs a value')
    expect((await runCommand(['--domain', 'a.com', '--domain=b.com'])).stderr).toContain('--domain is given twice')
    expect((await runCommand(['production'])).code).toBe(2)
    expect((await runCommand(['merge'])).code).toBe(2)
  })

  it('fails a production build on development keys: text grouped by cause, no colour in a log, no secret', async () => {
    const run = await runCommand(
      ['--environment', 'production', '--dns-servers', zone.address, '--live-checks', 'false'],
      {
        env: { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST },
      },
    )
    expect(run.code).toBe(1)
    expect(run.stdout).not.toMatch(ANSI)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toMatch(/^Clerk preflight: production is not ready: \d+ problems/)
    expect(lines[2]).toBe('Read: NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY (publishable key), CLERK_SECRET_KEY (secret key)')
    expect(run.stdout).toMatch(/^FAIL {2}keys\.publishable · NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY$/m)
    // Failures, then warnings, each with its fix under it; then what passed or was skipped.
    const labels = lines.map(line => /^(FAIL|ERROR|WARN|PASS|SKIP) /.exec(line)?.[1]).filter(Boolean)
    expect(labels.join(' ')).toMatch(/^(FAIL )+(WARN )+(PASS |SKIP )+/)
    expect(run.stdout).toMatch(/^FAIL {2}keys\.secret · CLERK_SECRET_KEY\n {6}.*\n {6}Fix: /m)
    expect(run.stdout).toMatch(/\nThe gate fails: Clerk preflight: production is not ready/)
    expect(leakedSlices(run.stdout + run.stderr, SK_TEST)).toEqual([])
  })

  it('--json prints the report alone on stdout, and exits 0 when the gate passes', async () => {
    const run = await runCommand([...PASSING, '--dns-servers', zone.address, '--json'], {
      env: { CLERK_SECRET_KEY: SK_LIVE },
    })
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as Report
    expect(report).toMatchObject({ schemaVersion: 1, status: 'pass', environment: { name: 'production' } })
    expect(run.stderr).toContain('Read: --publishable-key (publishable key), CLERK_SECRET_KEY (secret key)')
    expect(leakedSlices(run.stdout + run.stderr, SK_LIVE)).toEqual([])
  })

  it('fail-on and the configuration file are the action’s; colour when asked, NO_COLOR wins', async () => {
    const warned = await runCommand([...PASSING.slice(4), '--dns-servers', zone.address, '--fail-on', 'warning'], {
      env: { FORCE_COLOR: '1' },
      // The environment and its key from the file, as the action reads it; no secret key: a warning.
      files: { '.github/clerk-preflight.yml': `environment: production\npublishable-key: ${PK_LIVE}\n` },
    })
    expect(warned.code).toBe(1)
    expect(warned.stdout).toMatch(ANSI)
    expect(warned.stdout).toContain('\u001b[33mWARN \u001b[39m')
    expect(warned.stdout).toContain('Read: configuration file (publishable key)')
    const plain = await runCommand([...PASSING, '--dns-servers', zone.address], {
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    })
    expect(plain.stdout).not.toMatch(ANSI)
    const invalid = await runCommand([
      ...PASSING,
      '--dns-servers',
      zone.address,
      '--fail-on',
      'never',
      '--http-timeout-ms',
      'soon',
    ])
    expect(invalid.code).toBe(1)
    expect(invalid.stdout).toMatch(
      /^FAIL {2}config · http-timeout-ms\n {6}http-timeout-ms: must be a whole number of milliseconds$/m,
    )
  })

  it('says that the GitHub-only inputs are not used', async () => {
    const run = await runCommand([...PASSING, '--dns-servers', zone.address, '--comment', 'always'])
    expect(run.stderr).toContain('--comment is for the action on GitHub; the command publishes nothing')
  })
})

const unavailable = await httpsUnavailable()
const describeLive = unavailable ? describe.skip : describe

describeLive('clerk-preflight in a Vercel build', () => {
  let web: HttpsTestServer
  let dns: DnsTestServer
  beforeAll(async () => {
    const environment = json({
      display_config: { instance_environment_type: 'production', application_name: 'Fake shop' },
      user_settings: { social: {}, attributes: { passkey: { enabled: false } } },
    })
    web = await startHttpsServer({
      'clerk.example.com': { routes: { '/v1/environment': environment } },
      'accounts.example.com': { routes: { '/': page('<title>Account Portal</title>') } },
      // The live app is the release before this build, which still ships the development key.
      'example.com': {
        routes: { '/': page(`<html><body><script data-clerk-publishable-key="${PK_TEST}"></script></body></html>`) },
      },
      // The webhook route answers late: the run says what it is waiting on.
      'hooks.example.com': {
        routes: { '/clerk': (_req, _body, res) => setTimeout(() => res.writeHead(401).end(), 2600) },
      },
    })
    const records: FixtureRecord[] = clerkZone('example.com').map(r =>
      r.type === 'A' && ['example.com', 'frontend-api.clerk.services', 'accounts.clerk.services'].includes(r.name)
        ? { ...r, data: web.address }
        : r,
    )
    records.push({ name: 'hooks.example.com', type: 'A', data: web.address })
    dns = await startDnsServer({ records })
  })
  afterAll(() => Promise.all([web.close(), dns.close()]))

  it('judges the production build’s variables before the deploy, the live app as the previous release, and says so', async () => {
    const run = await runCommand(
      ['--dns-servers', dns.address, '--clerk-api', 'false', '--webhook-url', 'https://hooks.example.com/clerk'],
      {
        env: {
          VERCEL: '1',
          VERCEL_ENV: 'production',
          VERCEL_PROJECT_PRODUCTION_URL: 'example.com',
          VERCEL_URL: 'shop-4f8a2b1c9-acme.vercel.app',
          VERCEL_GIT_COMMIT_SHA: 'c0ffee1234567890c0ffee1234567890c0ffee12',
          NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK_LIVE,
          CLERK_SECRET_KEY: SK_LIVE,
          CLERK_FAPI_URL: '',
        },
        files: { '.github/clerk-preflight.yml': 'authorized-parties: [https://example.com]\n' },
      },
    )
    expect(run.stdout).toContain(
      'Environment production (from VERCEL_ENV), production instance, judged before the deploy (the live app is the previous release)',
    )
    expect(run.stdout).toContain(
      [
        'Read: NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY (publishable key), CLERK_SECRET_KEY (secret key)',
        'Vercel build:',
        '  VERCEL_ENV=production: the environment, unless --environment or the file says otherwise',
        '  VERCEL_PROJECT_PRODUCTION_URL=example.com: the live app (the release before this build), unless --url says otherwise',
        '  VERCEL_URL=shop-4f8a2b1c9-acme.vercel.app: this build’s deployment, not live yet: not fetched',
        '  VERCEL_GIT_COMMIT_SHA=c0ffee123456: the commit',
      ].join('\n'),
    )
    // The previous release ships the development key: a warning before the deploy, not this build's failure.
    expect(run.stdout).toMatch(/^WARN {2}deploy\.publishable-key · https:\/\/example\.com\/$/m)
    expect(web.requests.map(r => r.host)).not.toContain('shop-4f8a2b1c9-acme.vercel.app')
    expect(run.stderr).toMatch(
      /^clerk-preflight: checking production, \d s: \d+ checks done, waiting on webhooks\.endpoint$/m,
    )
    expect(run.stdout).not.toMatch(/^(FAIL|ERROR)/m)
    expect(run.code).toBe(0)
    expect(leakedSlices(run.stdout + run.stderr, SK_LIVE)).toEqual([])
  })
})

describe('clerk-preflight merge', () => {
  const report = (name: string, status: Report['status'], failing: string[]): string =>
    JSON.stringify({
      schemaVersion: 1,
      environment: { name, instanceType: 'production', source: 'input', phase: 'before-deploy' },
      status,
      checks: [
        ...failing.map(id => ({ id, subject: 'x', status: 'fail', title: id, message: 'm' })),
        { id: 'keys.pair', subject: '—', status: 'pass', title: 't', message: 'm' },
      ],
      counts: { pass: 1, warn: 0, fail: failing.length, error: 0, skip: 0 },
      durationMs: 5,
    })

  it('merges three reports into one table in the job summary', async () => {
    const run = await runCommand(
      ['merge', 'reports/www.production.json', 'reports/app.preview.json', 'reports/docs|wiki.json'],
      {
        files: {
          'reports/www.production.json': report('production', 'pass', []),
          'reports/app.preview.json': report('preview', 'fail', ['keys.publishable', 'keys.publishable', 'dns.caa']),
          'reports/docs|wiki.json': report('production', 'warn', []),
        },
        env: {
          GITHUB_STEP_SUMMARY: '{cwd}/summary.md',
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_RUN_ID: '42',
          GITHUB_SERVER_URL: 'https://github.example',
        },
        readBack: ['summary.md'],
      },
    )
    expect(run.code).toBe(0)
    const table = [
      '## Clerk preflight: 3 reports · 1 fail · 1 warn · 1 pass',
      '',
      '| app | environment | status | failing checks | link |',
      '|---|---|---|---|---|',
      '| app | preview | ❌ fail | `keys.publishable`, `dns.caa` | [the run](https://github.example/acme/shop/actions/runs/42) |',
      '| docs\\|wiki | production | ⚠️ warn | — | [the run](https://github.example/acme/shop/actions/runs/42) |',
      '| www | production | ✅ pass | — | [the run](https://github.example/acme/shop/actions/runs/42) |',
      '',
    ].join('\n')
    expect(run.stdout).toBe(table)
    expect(run.files['summary.md']).toBe(`${table}\n`)
  })

  it('refuses a file that is not a report, naming it (exit 2)', async () => {
    const run = await runCommand(['merge', 'a.json', 'b.json', 'missing.json'], {
      files: { 'a.json': report('production', 'pass', []), 'b.json': '{"schemaVersion":2}' },
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^clerk-preflight: (b\.json: not a clerk-preflight report \(schemaVersion is 2, not 1\)|missing\.json: no such file)\n$/,
    )
  })
})

describe('the text a terminal gets', () => {
  it('carries no control character of outside data: an escape sequence in a message is shown, not run', async () => {
    const { renderText, PLAIN, COLOUR } = await import('../src/cli/text.js')
    const esc = String.fromCharCode(27)
    const report: Report = {
      schemaVersion: 1,
      environment: {
        name: `prod${esc}]0;owned${String.fromCharCode(7)}`,
        instanceType: null,
        source: null,
        phase: null,
      },
      status: 'fail',
      checks: [
        {
          id: 'config',
          subject: `a${esc}[2Jb`,
          status: 'fail',
          title: 't',
          message: `line one\nline two ${esc}[31mred`,
          fix: 'Use `x`.',
        },
      ],
      counts: { pass: 0, warn: 0, fail: 1, error: 0, skip: 0 },
      durationMs: 1,
    }
    const plain = renderText(report, PLAIN)
    expect(plain).not.toContain(esc)
    expect(plain).toContain('line one ⏎ line two �[31mred')
    expect(plain).toContain('Fix: Use `x`.')
    // With colour, the only escape sequences are the renderer's own.
    const coloured = renderText(report, COLOUR)
    expect(coloured.replace(new RegExp(`${esc}\\[\\d+m`, 'g'), '')).not.toContain(esc)
  })
})
