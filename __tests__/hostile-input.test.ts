import { execFileSync } from 'node:child_process'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { branchMatches } from '../src/settings/environment.js'
import fc from 'fast-check'
import { makeRedactor, MIN_NEEDLE, SLICE } from '../src/redact.js'
import { commentMarker, previousStatus, renderComment } from '../src/render/comment.js'
import { buildReport } from '../src/report/build.js'
import { PK_TEST, SK_TEST } from '../test-support/keys.js'
import { runAction, type ActionRun } from '../test-support/run-action.js'

// What a pull request can plant, and what odd values do, run through the bundled action (issue 15): each ends with a
// report, a summary and outputs, and the verdict it should have.

const CONFIG = '.github/clerk-preflight.yml'
const development = {
  inputs: { environment: 'development' },
  env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST },
}

function configFailure(run: ActionRun) {
  expect(run.code).toBe(1)
  expect(run.outputs.status).toBe('fail')
  expect(run.summary).toContain('not ready')
  return run.report?.checks.find(c => c.id === 'config' && c.status === 'fail')
}

describe('a planted configuration file', () => {
  it.each([
    ['a symlink to /dev/zero', '/dev/zero', 'is outside the workspace'],
    ['a symlink to /etc/passwd', '/etc/passwd', 'is outside the workspace'],
    ['a symlink to /dev/stdin', '/dev/stdin', 'is outside the workspace'],
  ])('%s is refused, never read', async (_, target, problem) => {
    const run = await runAction({
      ...development,
      prepare: async workspace => {
        await mkdir(join(workspace, '.github'), { recursive: true })
        await symlink(target, join(workspace, CONFIG))
      },
    })
    expect(configFailure(run)?.message).toContain(problem)
    expect(run.summary).not.toContain('root:')
  })

  it('a FIFO is refused without waiting for a writer', async () => {
    const run = await runAction({
      ...development,
      prepare: async workspace => {
        await mkdir(join(workspace, '.github'), { recursive: true })
        execFileSync('mkfifo', [join(workspace, CONFIG)])
      },
    })
    expect(configFailure(run)?.message).toContain('is not a regular file')
  })

  it('a `config` path outside the workspace is refused', async () => {
    // runAction's workspace is two folders below the temporary folder, wherever that is (TMPDIR may be deep).
    const config = relative(join(tmpdir(), 'cp-action-x', 'workspace'), '/etc/hostname')
    const run = await runAction({ ...development, inputs: { ...development.inputs, config } })
    expect(configFailure(run)?.message).toContain('is outside the workspace')
  })

  it('a symlink to another file inside the workspace is followed', async () => {
    const run = await runAction({
      ...development,
      files: { 'config/preflight.yml': 'passkeys: false\n' },
      prepare: async workspace => {
        await mkdir(join(workspace, '.github'), { recursive: true })
        await symlink('../config/preflight.yml', join(workspace, CONFIG))
      },
    })
    expect(run.report?.checks.find(c => c.id === 'config')?.status).toBe('pass')
  })

  it('a file over 256 KiB is refused', async () => {
    const run = await runAction({ ...development, files: { [CONFIG]: `# ${'x'.repeat(300 * 1024)}\n` } })
    expect(configFailure(run)?.message).toContain('is larger than 256 KiB')
  })

  it('an alias bomb is a config finding, with the report, summary and outputs written', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i <= 150; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`)
    const run = await runAction({ ...development, files: { [CONFIG]: lines.join('\n') } })
    expect(configFailure(run)?.message).toContain('its aliases cannot be expanded')
    expect(run.stderr).toBe('')
  })

  it('a newline in a config key cannot start a workflow command of its own', async () => {
    const run = await runAction({
      ...development,
      files: { [CONFIG]: '"x\\n::stop-commands::pwned\\n::error::fake verdict": 1\n' },
    })
    expect(configFailure(run)).toBeDefined()
    const lines = run.stdout.split('\n')
    expect(lines.filter(l => /^\s*::stop-commands::/.test(l))).toEqual([])
    expect(lines.filter(l => /^\s*::error::fake verdict/.test(l))).toEqual([])
    // The verdict is the first annotation, so the runner shows it whatever follows.
    expect(lines.find(l => l.startsWith('::error'))).toMatch(/^::error::The inputs or configuration are invalid/)
  })
})

describe('secrets too short to be real', () => {
  it.each(['f', 'l', 'x'])('a one-letter webhook secret %j is refused, and cannot flip the gate', async secret => {
    const run = await runAction({
      inputs: { environment: 'production', 'webhook-signing-secret': secret },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST },
    })
    const config = configFailure(run)
    expect(config?.subject).toBe('webhook-signing-secret')
    expect(config?.message).toContain('is 1 character long, too short to be a webhook signing secret')
    expect(run.report?.status).toBe('fail')
    expect(run.outputs['failed-checks']).toContain('config')
    // Nothing was blotted out: the letter is not used as a needle, nor registered for the runner to mask (which
    // would drop every output holding it, `status=fail` among them).
    expect(run.reportText).toContain('"status": "fail"')
    expect(run.stdout).not.toContain(`::add-mask::${secret}\n`)
    expect(run.stderr).toBe('')
  })

  it('redaction never uses a needle under 8 characters, and matches secrets whatever their case', () => {
    expect(makeRedactor(['f'])('fail')).toBe('fail')
    const secret = 'sk_live_CaseSensitiveSecret0123456789'
    const redact = makeRedactor([secret])
    expect(redact(`https://${secret.toLowerCase()}.example.com`)).toBe('https://***.example.com')
    expect(redact('nothing here')).toBe('nothing here')
  })

  it('redaction blots every run of a secret in any text, as looking for each needle everywhere does', () => {
    // The rule itself, slowly: every position where a needle (a SLICE-long run of a folded secret, or a whole shorter
    // one) starts is covered for its length; each covered stretch becomes ***.
    const byRule = (secrets: string[], text: string) => {
      const folded = text.toLowerCase()
      const needles = secrets
        .map(s => s.toLowerCase())
        .filter(s => s.length >= MIN_NEEDLE)
        .flatMap(s =>
          s.length <= SLICE ? [s] : Array.from({ length: s.length - SLICE + 1 }, (_, i) => s.slice(i, i + SLICE)),
        )
      const covered = Array.from(text, () => false)
      for (let i = 0; i < text.length; i++)
        for (const n of needles) if (folded.startsWith(n, i)) covered.fill(true, i, i + n.length)
      return needles.length === 0
        ? text
        : [...text].map((c, i) => (covered[i] ? (covered[i - 1] ? '' : '***') : c)).join('')
    }
    const secret = fc.string({
      unit: fc.constantFrom('a', 'B', '0', '_', '-', '.', ']', '\\', '^', 'é'),
      minLength: 8,
      maxLength: 30,
    })
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 2 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (secrets, cuts) => {
          // Text made of pieces of the secrets, in either case, between ordinary words.
          const pieces = cuts.map((cut, i) => {
            const s = secrets[i % secrets.length]!
            const piece = s.slice(cut % s.length, (cut % s.length) + 6 + (cut % 20))
            return i % 2 ? piece.toUpperCase() : piece
          })
          const text = pieces.join(' a word ')
          expect(makeRedactor(secrets)(text)).toBe(byRule(secrets, text))
        },
      ),
    )
  })
})

describe('odd event payloads', () => {
  it.each([
    ['labels an object', { pull_request: { number: 7, labels: { name: 'x' } } }],
    ['labels [null]', { pull_request: { number: 7, labels: [null, 3, { name: 5 }] } }],
    ['pull_request a string', { pull_request: 'seven' }],
    ['head null', { pull_request: { number: 7, head: null } }],
  ])('%s: the run reports as usual', async (_, event) => {
    const run = await runAction({ ...development, eventName: 'pull_request', ref: 'refs/pull/7/merge', event })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBeDefined()
    expect(run.summary).toContain('Clerk preflight')
  })
})

describe('output channels fail one by one', () => {
  it('a report-file that is a directory costs a warning, not the summary, the outputs or the verdict', async () => {
    const run = await runAction({
      inputs: { environment: 'production', 'report-file': 'taken' },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST },
      prepare: async workspace => {
        await mkdir(join(workspace, 'taken'))
        await writeFile(join(workspace, 'taken', 'x'), '')
      },
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^::warning::Could not write the report to taken: EISDIR/m)
    expect(run.outputs.status).toBe('fail')
    expect(run.outputs['report-file']).toBe('')
    expect(run.summary).toContain('not ready')
  })
})

describe('the comment marker', () => {
  it('cannot be broken out of by an environment name', () => {
    const name = 'x--><img src=//evil.example/p.png>@octocat'
    const report = buildReport({ name, instanceType: 'development', source: 'input', phase: 'after-deploy' }, [], 1)
    const body = renderComment(report, {})
    const marker = body.split('\n')[0] ?? ''
    expect(marker).toBe(`${commentMarker(name)} status="pass" -->`)
    expect(marker.indexOf('-->')).toBe(marker.length - 3)
    expect(marker).not.toContain('<img')
    expect(previousStatus(body)).toBe('pass')
  })
})

describe('branch rules', () => {
  it('never backtrack (see environment.test.ts for the rules)', () => {
    expect(branchMatches('*a*a*a*a*a*a*a*a*b', 'a'.repeat(3000))).toBe(false)
  })
})
