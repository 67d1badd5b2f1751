import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { showDemo } from '../demo/demo.js'
import { runDemo } from '../demo/report.js'
import { present } from '../src/render/presentation.js'
import { annotationLines, asShownOnGitHub } from '../test-support/github-log.js'

describe('a step log as GitHub shows it', () => {
  it('shows an annotation as a line, its title and place on the run’s page, decoded', () => {
    const view = asShownOnGitHub(
      '::error title=dns.caa%3A clerk.example.com,file=.github/clerk-preflight.yml,line=3,col=5::CAA forbids pki.goog%0AFix: add 100%25\nafter',
    )
    expect(view.log).toBe('Error: CAA forbids pki.goog\nFix: add 100%\nafter')
    expect(view.annotations).toEqual([
      {
        level: 'error',
        title: 'dns.caa: clerk.example.com',
        place: '.github/clerk-preflight.yml:3',
        message: 'CAA forbids pki.goog\nFix: add 100%',
      },
    ])
    expect(annotationLines(view.annotations)).toBe('Error: dns.caa: clerk.example.com (.github/clerk-preflight.yml:3)')
  })

  it('folds a group to its title, hides debug lines and masks what add-mask named', () => {
    const stdout = [
      '::add-mask::sk_test_DEMO',
      '::debug::resolved in 3 ms',
      'key sk_test_DEMO read',
      '::group::20 passed',
      'PASS  dns.cname',
      '::warning::inside, sk_test_DEMO',
      '::endgroup::',
      '::notice::done',
    ].join('\n')
    const view = asShownOnGitHub(stdout)
    expect(view.log).toBe('key *** read\n▶ 20 passed\nNotice: done')
    expect(view.annotations.map(a => [a.level, a.message])).toEqual([
      ['warning', 'inside, ***'],
      ['notice', 'done'],
    ])
  })

  it('shows lines between stop-commands and its token as written', () => {
    expect(asShownOnGitHub('::stop-commands::t0k\n::error::not a command\n::t0k::\n::error::one').log).toBe(
      '::error::not a command\nError: one',
    )
  })
})

describe('npm run demo', () => {
  it('prints what GitHub shows, no workflow command, and leaves no temporary folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cp-demo-test-'))
    const previous = process.env.TMPDIR
    process.env.TMPDIR = folder
    try {
      const demo = await showDemo()
      expect(demo.code).toBe(1)
      expect(demo.reportWritten).toBe(true)
      expect(demo.text).not.toMatch(/^::/m)
      expect(demo.text).toMatch(/^Each problem with its fix, the blocks to copy, and what passed: the job summary/m)
      expect(demo.text).toMatch(/^Error: keys\.secret: CLERK_SECRET_KEY$/m)
      expect(demo.text).toMatch(/^Error: CLERK_SECRET_KEY is a sk_test_ key/m)
      expect(demo.text).not.toContain('DEMOonlyNOTaREALkey')
      expect(readdirSync(folder)).toEqual([])
    } finally {
      if (previous === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = previous
      rmSync(folder, { recursive: true, force: true })
    }
  })
})

describe('the demo’s step, as GitHub shows it', () => {
  it('annotates each problem once, in the order of the comment, after the verdict; the log says nothing twice', async () => {
    const run = await runDemo()
    const problems = present(run.report!).problems
    const { log, annotations } = asShownOnGitHub(run.stdout)
    const [verdict, ...rest] = annotations
    const failing = problems.filter(p => p.status !== 'warn').length
    expect(verdict?.message).toMatch(
      new RegExp(`^Clerk preflight: production is not ready: ${failing} problems and 1 warning`),
    )
    // Annotations = problems: the runner shows them all (the errors after the verdict, the warning), none a follower.
    expect(rest).toHaveLength(problems.length)
    expect(rest.map(a => a.title?.split(':')[0])).toEqual(problems.map(p => p.ids.join(', ')))
    expect(rest.map(a => a.level)).toEqual(problems.map(p => (p.status === 'warn' ? 'warning' : 'error')))
    expect(rest.every(a => !a.message.includes('\n'))).toBe(true)
    // A follower is named inside its cause, and no finding's message is in the log twice.
    expect(rest[0]?.message).toContain('Follows from it, and is fixed with it: keys.pair.')
    for (const finding of run.report!.checks.filter(c => c.status !== 'pass' && c.status !== 'skip')) {
      expect(log.split(finding.message).length - 1).toBeLessThanOrEqual(1)
    }
  })
})
