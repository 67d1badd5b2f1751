import { jest } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CHECKS } from '../src/checks/index.js'
import type { Check } from '../src/checks/shared/check.js'
import { parseArgs, UsageError } from '../src/cli/args.js'
import { runCommand, type Terminal } from '../src/cli/command.js'
import { GITHUB_ONLY_INPUTS, helpText } from '../src/cli/help.js'
import { INPUT_HELP } from '../src/cli/input-help.js'
import { appName, MAX_REPORTS, MAX_REPORT_BYTES, mergedTable, readReportRows } from '../src/cli/merge.js'
import { PROGRESS_AFTER_MS, startProgress } from '../src/cli/progress.js'
import { COLOUR, PLAIN, renderText, safeText, styleFor } from '../src/cli/text.js'
import { vercelBuild } from '../src/cli/vercel.js'
import type { CheckId, Report } from '../src/report/model.js'
import { ACTION_INPUTS } from '../src/settings/action-inputs.js'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'
import { PK_LIVE, PK_TEST, SK_LIVE, SK_TEST } from '../test-support/keys.js'
import { leakedSlices } from '../test-support/run-action.js'
import { tempFolder } from '../test-support/temp-folder.js'
import { clerkZone, without } from '../test-support/zones.js'

// `clerk-preflight` in-process: its main function (runCommand) with the argv, the variables and the terminal given,
// against a loopback DNS stand-in; Clerk's APIs on a closed loopback port. __tests__/command.test.ts runs the bundled
// command as a child process, as a build step does.

const ESC = String.fromCharCode(27)
const ANSI = new RegExp(`${ESC}\\[`)

/** A terminal's stream, or a build log's (a pipe) when isTTY is false, keeping what was written. */
function stream(isTTY = false) {
  const s = {
    text: '',
    isTTY,
    write(text: string) {
      s.text += text
      return true
    },
  }
  return s
}

let zone: DnsTestServer
let broken: DnsTestServer
let workspace: string
beforeAll(async () => {
  zone = await startDnsServer({ records: clerkZone('example.com') })
  // The Frontend API's and the mail's CNAMEs are missing: records to paste.
  broken = await startDnsServer({
    records: without(without(clerkZone('example.com'), 'clerk.example.com'), 'clkmail.example.com'),
  })
  workspace = tempFolder('cp-cli-')
})
afterAll(() => Promise.all([zone.close(), broken.close()]))

/** One run of the command, in a workspace of its own (no configuration file unless written there). */
async function run(argv: string[], env: Record<string, string> = {}, tty = false) {
  const terminal = { stdout: stream(tty), stderr: stream(tty) } satisfies Terminal
  const code = await runCommand(
    argv,
    {
      GITHUB_WORKSPACE: workspace,
      CLERK_API_URL: 'http://127.0.0.1:9',
      CLERK_FAPI_URL: 'http://127.0.0.1:9',
      ...env,
    },
    terminal,
  )
  return { code, stdout: terminal.stdout.text, stderr: terminal.stderr.text }
}

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

describe('the command line', () => {
  it('reads each input of action.yml as --name value or --name=value, and --json', () => {
    const command = parseArgs(['--environment', 'production', '--domain=example.com', '--json', '--url='])
    expect(command).toEqual({
      kind: 'check',
      json: true,
      inputs: new Map([
        ['environment', 'production'],
        ['domain', 'example.com'],
        // `--name=` is a value, blank: read as no value, as the runner reads a blank input.
        ['url', ''],
      ]),
    })
    // After `=`, a value may start with dashes.
    expect(parseArgs(['--app-origins=--x'])).toMatchObject({ inputs: new Map([['app-origins', '--x']]) })
    expect(parseArgs([])).toEqual({ kind: 'check', inputs: new Map(), json: false })
  })

  it('--help and -h win wherever they are; merge takes the files after it', () => {
    expect(parseArgs(['--domain', 'x', '--help'])).toEqual({ kind: 'help' })
    expect(parseArgs(['-h'])).toEqual({ kind: 'help' })
    expect(parseArgs(['merge', 'a.json', 'b.json'])).toEqual({ kind: 'merge', files: ['a.json', 'b.json'] })
  })

  it.each([
    [['--enviroment', 'production'], 'unknown option --enviroment; did you mean --environment?'],
    [['--publishable_key=pk'], 'unknown option --publishable_key; did you mean --publishable-key?'],
    [['--colour', 'always'], 'unknown option --colour (see --help)'],
    [['--environment'], '--environment needs a value'],
    [['--environment', '--json'], '--environment needs a value'],
    [['--domain', 'a.com', '--domain=b.com'], '--domain is given twice'],
    [['production'], 'unexpected argument "production": inputs are --name value'],
    [['-e', 'production'], 'unexpected argument "-e": inputs are --name value'],
    [['merge'], 'merge needs the report files to merge: clerk-preflight merge reports/*.json'],
    [['merge', 'a.json', '--json'], 'merge takes report files only, not --json'],
  ])('refuses %j, naming the flag and what to do', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(new UsageError(message))
  })
})

describe('--help', () => {
  it('lists every input of action.yml but the GitHub-only ones as a flag, in lines of at most 100 characters', () => {
    const text = helpText()
    expect(INPUT_HELP.map(i => i.name).sort()).toEqual([...ACTION_INPUTS].sort())
    for (const input of INPUT_HELP) {
      if (GITHUB_ONLY_INPUTS.includes(input.name)) expect(text).not.toContain(`\n  --${input.name} <value>`)
      else expect(text).toContain(`\n  --${input.name} <value>\n`)
    }
    expect(text).toContain(`GitHub only, accepted and not used (the command publishes nothing): --comment,`)
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100)
    const clerkSide = CHECKS.filter(c => c.side === 'clerk').map(c => c.id)
    expect(text.replace(/\s+/g, ' ')).toContain(`as they do not change with the deploy: ${clerkSide.join(', ')}.`)
  })

  it('is printed on stdout with exit status 0', async () => {
    const r = await run(['--help'])
    expect(r).toEqual({ code: 0, stdout: helpText(), stderr: '' })
  })
})

describe('runCommand', () => {
  it('exits 2 on invalid usage, on stderr alone', async () => {
    expect(await run(['--enviroment', 'production'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'clerk-preflight: unknown option --enviroment; did you mean --environment?\n',
    })
  })

  it('fails a production build on development keys, in text grouped by cause, naming the variables, no secret', async () => {
    const r = await run(['--environment', 'production', '--dns-servers', zone.address, '--live-checks', 'false'], {
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK_TEST,
      CLERK_SECRET_KEY: SK_TEST,
    })
    expect(r.code).toBe(1)
    expect(r.stdout).not.toMatch(ANSI)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toMatch(/^Clerk preflight: production is not ready: \d+ problems/)
    expect(lines[1]).toMatch(
      /^Environment production \(from input\), production instance, judged before the deploy \(the live app is the previous release\) · \d+ fail · .* · \d+ ms$/,
    )
    expect(lines[2]).toBe('Read: NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY (publishable key), CLERK_SECRET_KEY (secret key)')
    expect(r.stdout).toMatch(/^FAIL {2}keys\.secret · CLERK_SECRET_KEY\n {6}.*\n {6}Fix: /m)
    expect(r.stdout).toMatch(/\nThe gate fails: Clerk preflight: production is not ready/)
    expect(leakedSlices(r.stdout + r.stderr, SK_TEST)).toEqual([])
  })

  it('--json prints the report alone on stdout, what it read on stderr, and writes the report file', async () => {
    const reportFile = join(workspace, 'report.json')
    const r = await run([...PASSING, '--dns-servers', zone.address, '--json', '--report-file', reportFile], {
      CLERK_SECRET_KEY: SK_LIVE,
      CLERK_WEBHOOK_SIGNING_SECRET: 'whsec_FAKEwebhookSECRET0000notreal',
      VERCEL_AUTOMATION_BYPASS_SECRET: 'FAKEbypassSECRET0000notreal00000',
    })
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as Report
    expect(report).toMatchObject({ schemaVersion: 1, status: 'pass', environment: { name: 'production' } })
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toEqual(report)
    expect(r.stderr).toContain(
      'Read: --publishable-key (publishable key), CLERK_SECRET_KEY (secret key), CLERK_WEBHOOK_SIGNING_SECRET (webhook signing secret), VERCEL_AUTOMATION_BYPASS_SECRET (protection bypass)',
    )
    for (const secret of [SK_LIVE, 'whsec_FAKEwebhookSECRET0000notreal', 'FAKEbypassSECRET0000notreal00000'])
      expect(leakedSlices(r.stdout + r.stderr, secret)).toEqual([])
  })

  it('passes in colour on a terminal; NO_COLOR and TERM=dumb turn it off', async () => {
    const tty = await run([...PASSING, '--dns-servers', zone.address], {}, true)
    expect(tty.code).toBe(0)
    expect(tty.stdout).toMatch(ANSI)
    expect(tty.stdout).toMatch(/\nThe gate passes: /)
    expect(tty.stdout).toContain('Read: --publishable-key (publishable key)')
    expect((await run([...PASSING, '--dns-servers', zone.address], { NO_COLOR: '1' }, true)).stdout).not.toMatch(ANSI)
    expect((await run([...PASSING, '--dns-servers', zone.address], { TERM: 'dumb' }, true)).stdout).not.toMatch(ANSI)
  })

  it('says that the GitHub-only inputs are not used, and reads no key it was not given', async () => {
    const r = await run([
      '--environment',
      'preview',
      '--live-checks',
      'false',
      '--dns-servers',
      zone.address,
      '--comment',
      'always',
      '--github-token',
      'ghs_FAKEtoken0000notreal0000',
    ])
    expect(r.stderr).toContain(
      'clerk-preflight: --comment is for the action on GitHub; the command publishes nothing, and it was not used.\n',
    )
    expect(r.stderr).toContain('clerk-preflight: --github-token is for the action on GitHub;')
    expect(r.stdout).toContain('Read: no Clerk key or secret (none of the variables is set)')
    expect(leakedSlices(r.stdout + r.stderr, 'ghs_FAKEtoken0000notreal0000')).toEqual([])
  })

  it('prints the DNS records to paste when the zone lacks Clerk’s', async () => {
    const r = await run([...PASSING, '--dns-servers', broken.address])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('\nDNS records to add or change (zone-file form):\n')
    expect(r.stdout).toMatch(/^ {2}clerk\.example\.com\.?\s.*CNAME\s+frontend-api\.clerk\.services\.?$/m)
  })

  it('an invalid input fails the gate (exit 1), naming the field and what it must be', async () => {
    const r = await run([...PASSING, '--dns-servers', zone.address, '--fail-on', 'never', '--http-timeout-ms', 'soon'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(
      /^FAIL {2}config · http-timeout-ms\n {6}http-timeout-ms: must be a whole number of milliseconds$/m,
    )
  })

  it('a configuration file named and missing fails the gate, naming the file and the fix', async () => {
    const r = await run([...PASSING, '--dns-servers', zone.address, '--config', 'ci/preflight.yml'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^Environment unknown · /m)
    expect(r.stdout).toContain(
      'FAIL  config · ci/preflight.yml\n      config: the configuration file ci/preflight.yml does not exist\n',
    )
    expect(r.stdout).toContain(
      "Fix: Create ci/preflight.yml, fix the `config` input's path (relative to the repository root)",
    )
  })

  it('stops on an unexpected error with exit status 1, saying so on stderr, secrets redacted', async () => {
    const stderr = stream()
    const stdout = {
      write: () => {
        throw new Error(`stdout is gone (${SK_LIVE})`)
      },
    }
    const code = await runCommand(
      [...PASSING, '--dns-servers', zone.address],
      { GITHUB_WORKSPACE: workspace, CLERK_SECRET_KEY: SK_LIVE },
      { stdout, stderr },
    )
    expect(code).toBe(1)
    expect(stderr.text).toMatch(/^clerk-preflight: stopped on an unexpected error: Error: stdout is gone/m)
    expect(leakedSlices(stderr.text, SK_LIVE)).toEqual([])
  })

  it('does not swallow an error that is not about usage', async () => {
    const stdout = {
      write: () => {
        throw new Error('stdout is gone')
      },
    }
    await expect(runCommand(['--help'], {}, { stdout, stderr: stream() })).rejects.toThrow('stdout is gone')
  })
})

describe('a Vercel build', () => {
  it('is no Vercel build without VERCEL_ENV or VERCEL=1', () => {
    expect(vercelBuild({})).toBeUndefined()
    expect(vercelBuild({ VERCEL: '0', VERCEL_URL: 'x.vercel.app' })).toBeUndefined()
  })

  it('in production: the production URL is the live app, the build’s own URL is named and not fetched', () => {
    expect(
      vercelBuild({
        VERCEL_ENV: ' production ',
        VERCEL_PROJECT_PRODUCTION_URL: 'Shop.Example.com.',
        VERCEL_URL: 'shop-4f8a2b1c9-acme.vercel.app',
        VERCEL_GIT_COMMIT_SHA: 'c0ffee1234567890c0ffee1234567890c0ffee12',
      }),
    ).toEqual({
      liveUrl: 'https://shop.example.com/',
      lines: [
        'Vercel build:',
        '  VERCEL_ENV=production: the environment, unless --environment or the file says otherwise',
        '  VERCEL_PROJECT_PRODUCTION_URL=shop.example.com: the live app (the release before this build), unless --url says otherwise',
        '  VERCEL_URL=shop-4f8a2b1c9-acme.vercel.app: this build’s deployment, not live yet: not fetched',
        '  VERCEL_GIT_COMMIT_SHA=c0ffee123456: the commit',
      ],
    })
  })

  it('in a preview build: the production URL is not this build’s, and nothing is the live app', () => {
    expect(vercelBuild({ VERCEL_ENV: 'preview', VERCEL_PROJECT_PRODUCTION_URL: 'shop.example.com' })).toEqual({
      liveUrl: undefined,
      lines: [
        'Vercel build:',
        '  VERCEL_ENV=preview: the environment, unless --environment or the file says otherwise',
        '  VERCEL_PROJECT_PRODUCTION_URL=shop.example.com: the production domain; not this build’s',
      ],
    })
  })

  it('an odd production URL is no live app', () => {
    expect(
      vercelBuild({ VERCEL: '1', VERCEL_ENV: 'production', VERCEL_PROJECT_PRODUCTION_URL: 'not a host/' }),
    ).toEqual({
      liveUrl: undefined,
      lines: [
        'Vercel build:',
        '  VERCEL_ENV=production: the environment, unless --environment or the file says otherwise',
      ],
    })
  })

  it('takes the environment from VERCEL_ENV and says which variables it read', async () => {
    const r = await run(['--live-checks', 'false', '--dns-servers', zone.address], {
      VERCEL: '1',
      VERCEL_ENV: 'preview',
      VERCEL_PROJECT_PRODUCTION_URL: 'example.com',
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK_TEST,
    })
    expect(r.stdout).toContain('Environment preview (from VERCEL_ENV), development instance')
    expect(r.stdout).toContain(
      [
        'Read: NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY (publishable key)',
        'Vercel build:',
        '  VERCEL_ENV=preview: the environment, unless --environment or the file says otherwise',
        '  VERCEL_PROJECT_PRODUCTION_URL=example.com: the production domain; not this build’s',
      ].join('\n'),
    )
  })
})

describe('merge', () => {
  const report = (name: string, status: Report['status'], failing: string[]): string =>
    JSON.stringify({
      schemaVersion: 1,
      environment: { name, instanceType: 'production', source: 'input', phase: 'before-deploy' },
      status,
      checks: [
        ...failing.map(id => ({ id, subject: 'x', status: 'fail', title: id, message: 'm' })),
        { id: 'keys.pair', subject: '—', status: 'error', title: 't', message: 'm' },
      ],
      counts: { pass: 0, warn: 0, fail: failing.length, error: 1, skip: 0 },
      durationMs: 5,
    })
  const file = (name: string, text: string) => {
    const path = join(workspace, name)
    writeFileSync(path, text)
    return path
  }

  it('names the app after the file, without the report’s environment', () => {
    expect(appName('reports/www.production.json', 'production')).toBe('www')
    expect(appName('reports/www.JSON', 'production')).toBe('www')
    expect(appName('reports/production.json', 'production')).toBe('production')
    expect(appName('reports/app.preview.json', 'production')).toBe('app.preview')
  })

  it('one report: its failing ids once each, past five counted; no run, no link', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(x => `dns.${x}`)
    const rows = await readReportRows([file('shop.json', report('production', 'fail', [...ids, 'dns.a']))])
    expect(rows).toEqual([{ app: 'shop', environment: 'production', status: 'fail', failing: [...ids, 'keys.pair'] }])
    expect(mergedTable(rows)).toBe(
      [
        '## Clerk preflight: 1 report · 1 fail',
        '',
        '| app | environment | status | failing checks | link |',
        '|---|---|---|---|---|',
        '| shop | production | ❌ fail | `dns.a`, `dns.b`, `dns.c`, `dns.d`, `dns.e` and 3 more | — |',
        '',
      ].join('\n'),
    )
  })

  it('prints the table and adds it to the job summary, with the run’s link', async () => {
    const summary = file('summary.md', '# before\n')
    const r = await run(
      [
        'merge',
        file('www.production.json', report('production', 'pass', [])),
        file('app.preview.json', report('preview', 'warn', [])),
      ],
      {
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '42',
      },
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('## Clerk preflight: 2 reports · 1 warn · 1 pass\n')
    expect(r.stdout).toContain(
      '| app | preview | ⚠️ warn | `keys.pair` | [the run](https://github.com/acme/shop/actions/runs/42) |',
    )
    expect(readFileSync(summary, 'utf8')).toBe(`# before\n${r.stdout}\n`)
  })

  it.each([
    ['missing.json', undefined, 'no such file'],
    ['text.json', 'not json', 'not JSON ('],
    ['null.json', 'null', 'not a clerk-preflight report (not an object)'],
    ['v2.json', '{"schemaVersion":2}', 'not a clerk-preflight report (schemaVersion is 2, not 1)'],
    [
      'noname.json',
      '{"schemaVersion":1,"environment":{}}',
      'not a clerk-preflight report (environment.name is missing)',
    ],
    [
      'status.json',
      '{"schemaVersion":1,"environment":{"name":"p"},"status":"error"}',
      'not a clerk-preflight report (status is not pass, warn or fail)',
    ],
    [
      'checks.json',
      '{"schemaVersion":1,"environment":{"name":"p"},"status":"pass","checks":[{}]}',
      'not a clerk-preflight report (checks is not a list of results)',
    ],
  ])('refuses %s, naming it (exit 2)', async (name, text, why) => {
    const path = text === undefined ? join(workspace, name) : file(name, text)
    const r = await run(['merge', path])
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toContain(`clerk-preflight: ${path}: ${why}`)
  })

  it('refuses a file larger than a report, a folder, and more reports than a matrix has jobs', async () => {
    const large = file('large.json', ' '.repeat(MAX_REPORT_BYTES + 1))
    await expect(readReportRows([large])).rejects.toThrow(
      `${large}: larger than a report (${MAX_REPORT_BYTES + 1} bytes)`,
    )
    await expect(readReportRows([workspace])).rejects.toThrow(`${workspace}: no such file`)
    const many = Array.from({ length: MAX_REPORTS + 1 }, (_, i) => `r${i}.json`)
    await expect(readReportRows(many)).rejects.toThrow(`merge takes at most ${MAX_REPORTS} reports at once`)
    await expect(readReportRows([])).rejects.toThrow('merge needs the report files to merge')
  })
})

describe('the progress line', () => {
  afterEach(() => jest.useRealTimers())

  /** A check that runs until the test lets it end. */
  function heldCheck(id: CheckId) {
    let end: () => void = () => undefined
    const done = new Promise<void>(resolve => (end = resolve))
    const real = CHECKS.find(c => c.id === id)
    if (!real) throw new Error(`no check ${id}`)
    const check = {
      ...real,
      run: async () => {
        await done
        return []
      },
    } as unknown as Check<CheckId>
    return { check, end }
  }

  it('in a log: nothing for a quick run; past the quiet time, a line naming what is still running', async () => {
    jest.useFakeTimers({ now: 1_000_000 })
    const log = stream(false)
    const progress = startProgress(log, Date.now(), 'production')
    const held = ['dns.cname', 'dns.caa', 'webhooks.endpoint', 'csp', 'dns.dmarc'].map(id => heldCheck(id as CheckId))
    const quick = heldCheck('keys.pair')
    const watched = progress.watch([quick.check, ...held.map(h => h.check)])
    const runs = watched.map(c => (c.run as () => Promise<unknown>)())
    quick.end()
    await runs[0]
    jest.advanceTimersByTime(PROGRESS_AFTER_MS - 1)
    expect(log.text).toBe('')
    jest.advanceTimersByTime(1)
    expect(log.text).toBe(
      'clerk-preflight: checking production, 2 s: 1 checks done, waiting on dns.cname, dns.caa, webhooks.endpoint and 2 more\n',
    )
    for (const h of held.slice(0, 4)) h.end()
    await Promise.all(runs.slice(1, 5))
    jest.advanceTimersByTime(5000)
    expect(log.text.split('\n')[1]).toBe(
      'clerk-preflight: checking production, 7 s: 5 checks done, waiting on dns.dmarc',
    )
    held[4]!.end()
    await runs[5]
    progress.stop()
    const before = log.text
    jest.advanceTimersByTime(60_000)
    // Stopped: no more lines, and a log's lines are left as they are.
    expect(log.text).toBe(before)
  })

  it('on a terminal: one line rewritten in place, cleared when the run ends; never shown for a quick run', async () => {
    jest.useFakeTimers({ now: 0 })
    const tty = stream(true)
    const progress = startProgress(tty, Date.now(), 'staging')
    jest.advanceTimersByTime(PROGRESS_AFTER_MS + 500)
    expect(tty.text).toBe(
      `\r${ESC}[2Kclerk-preflight: checking staging, 2 s: 0 checks done\r${ESC}[2Kclerk-preflight: checking staging, 3 s: 0 checks done`,
    )
    progress.stop()
    expect(tty.text.endsWith(`\r${ESC}[2K`)).toBe(true)
    const quiet = stream(true)
    startProgress(quiet, Date.now(), 'staging').stop()
    jest.advanceTimersByTime(PROGRESS_AFTER_MS)
    expect(quiet.text).toBe('')
  })
})

describe('the text a terminal gets', () => {
  it('colour: NO_COLOR wins, FORCE_COLOR (but 0) turns it on off a terminal, TERM=dumb off on one', () => {
    expect(styleFor(true, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(PLAIN)
    expect(styleFor(false, { FORCE_COLOR: '1' })).toBe(COLOUR)
    expect(styleFor(false, { FORCE_COLOR: '' })).toBe(COLOUR)
    expect(styleFor(false, { FORCE_COLOR: '0' })).toBe(PLAIN)
    expect(styleFor(true, {})).toBe(COLOUR)
    expect(styleFor(true, { TERM: 'dumb' })).toBe(PLAIN)
    expect(styleFor(false, {})).toBe(PLAIN)
  })

  it('outside data keeps no line break or control character', () => {
    expect(safeText(`a\r\nb\nc\u2028d${ESC}[2J\u0085e`)).toBe('a ⏎ b ⏎ c ⏎ d�[2J�e')
  })

  it('a problem’s subjects past three are counted; what passed or was skipped is dim', () => {
    const report: Report = {
      schemaVersion: 1,
      environment: { name: 'production', instanceType: 'production', source: 'input', phase: 'before-deploy' },
      status: 'fail',
      checks: [
        ...['a', 'b', 'c', 'd', 'e'].map(x => ({
          id: 'auth.authorized-parties' as const,
          subject: `https://${x}.example.com`,
          status: 'fail' as const,
          title: 't',
          message: 'missing from the list',
          fix: 'Add it to `authorizedParties`.',
        })),
        { id: 'keys.pair' as const, subject: '—', status: 'pass' as const, title: 't', message: 'the keys match' },
        { id: 'csp' as const, subject: 'https://example.com/', status: 'skip' as const, title: 't', message: 'no url' },
      ],
      counts: { pass: 1, warn: 0, fail: 5, error: 0, skip: 1 },
      durationMs: 12,
    }
    const plain = renderText(report, PLAIN, ['Read: CLERK_SECRET_KEY (secret key)'])
    const lines = plain.split('\n')
    expect(lines[1]).toMatch(
      /^Environment production \(from input\), production instance, judged before the deploy \(the live app is the previous release\) · .* · 12 ms$/,
    )
    expect(lines[2]).toBe('Read: CLERK_SECRET_KEY (secret key)')
    expect(plain).toMatch(/^FAIL {2}auth\.authorized-parties · https:\/\/a\.example\.com, .* and \d+ more$/m)
    expect(plain).toContain('Fix: Add it to `authorizedParties`.')
    expect(plain).toMatch(/^PASS {2}keys\.pair: the keys match$/m)
    expect(plain).toMatch(/^SKIP {2}csp · https:\/\/example\.com\/: no url$/m)
    const coloured = renderText(report, COLOUR)
    expect(coloured).toContain(`${ESC}[36mauthorizedParties${ESC}[39m`)
    expect(coloured).toContain(`${ESC}[2mPASS  keys.pair: the keys match${ESC}[22m`)
  })

  it('a report without an environment says so', () => {
    const report: Report = {
      schemaVersion: 1,
      environment: { name: 'unknown', instanceType: null, source: null, phase: null },
      status: 'fail',
      checks: [{ id: 'config', subject: 'fail-on', status: 'fail', title: 't', message: 'fail-on: must be one of' }],
      counts: { pass: 0, warn: 0, fail: 1, error: 0, skip: 0 },
      durationMs: 1,
    }
    expect(renderText(report, PLAIN).split('\n')[1]).toBe('Environment unknown · 1 fail')
  })

  it('what follows from a problem is under it, and a corrected list is a block to copy', async () => {
    const r = await run([
      '--environment',
      'production',
      '--publishable-key',
      PK_LIVE,
      '--secret-key',
      SK_TEST,
      '--authorized-parties',
      'https://other.example.com',
      '--clerk-api',
      'false',
      '--live-checks',
      'false',
      '--dns-servers',
      zone.address,
    ])
    expect(r.code).toBe(1)
    // keys.pair follows from the development secret key, and fixing the key fixes it: no fix of its own.
    expect(r.stdout).toMatch(
      /^FAIL {2}keys\.secret · secret-key\n {6}.*\n {6}Fix: .*\n {6}↳ follows from it, and is fixed with it:\n {8}FAIL {2}keys\.pair\n {14}the publishable key \(pk_live_\) is of a production instance.*\n\n/m,
    )
    expect(r.stdout).toContain(
      [
        'FAIL  auth.authorized-parties · https://example.com',
        '      https://example.com serves the app but is not in authorizedParties: Clerk rejects its session tokens',
        '      Fix: Pass this list to `clerkMiddleware()` / `authenticateRequest()`, and the same list as the `authorized-parties` input:',
        '        authorizedParties: [',
        '          "https://other.example.com",',
        '          "https://example.com",',
        '        ]',
      ].join('\n'),
    )
    expect(leakedSlices(r.stdout + r.stderr, SK_TEST)).toEqual([])
  })
})
