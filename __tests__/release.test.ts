import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// scripts/release.sh in a clone of this repository's HEAD. Nothing is pushed: the script never pushes. Its dist check,
// scripts/check-dist.sh, is CI's own step on every commit (and a minute of bundling each time): here a stand-in, committed
// in the clone, records that it was asked and answers as the test says (CHECK_DIST_FAILS), so that what is tested is
// what the release script does with the answer.

const repo = fileURLToPath(new URL('..', import.meta.url))
let clone: string

const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, encoding: 'utf8' }).trim()
const release = (version: string, env: Record<string, string> = {}) =>
  spawnSync('bash', ['scripts/release.sh', version], { cwd: clone, encoding: 'utf8', env: { ...process.env, ...env } })
const distChecks = () =>
  readFileSync(join(clone, '.git', 'dist-checks'), 'utf8')
    .split('\n')
    .filter(Boolean).length
const addChangelogSection = (version: string) => {
  const text = readFileSync(join(clone, 'CHANGELOG.md'), 'utf8')
  writeFileSync(
    join(clone, 'CHANGELOG.md'),
    text.replace('## [Unreleased]', `## [Unreleased]\n\n## [${version}] - 2026-11-23`),
  )
  git('commit', '-qam', `CHANGELOG: ${version}`)
}

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'cp-release-'))
  execFileSync('git', ['clone', '-q', repo, clone])
  // The repository's own releases are not this test's: it cuts versions no one has, in a clone without tags.
  for (const tag of git('tag', '--list').split('\n').filter(Boolean)) git('tag', '-d', tag)
  git('config', 'user.email', 'release-test@example.com')
  git('config', 'user.name', 'release test')
  writeFileSync(
    join(clone, 'scripts', 'check-dist.sh'),
    [
      '#!/usr/bin/env bash',
      'echo asked >> "$(git rev-parse --git-dir)/dist-checks"',
      'if [ -n "${CHECK_DIST_FAILS:-}" ]; then',
      `  echo "dist/, schema/ or the generated docs differ from a fresh build: run 'npm run bundle && npm run schema && npm run docs' and commit them." >&2`,
      '  exit 1',
      'fi',
      '',
    ].join('\n'),
  )
  writeFileSync(join(clone, '.git', 'dist-checks'), '')
  git('commit', '-qam', 'test: a stand-in for the dist check')
}, 60_000)
afterAll(() => rmSync(clone, { recursive: true, force: true }))

describe('npm run release', () => {
  it('refuses a version that is not X.Y.Z', () => {
    const r = release('v1.0')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('usage: npm run release -- X.Y.Z')
  })

  it('refuses a version the changelog does not describe', () => {
    const r = release('99.0.0')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("CHANGELOG.md has no section '## [99.0.0]'")
    expect(git('tag')).toBe('')
  })

  it('refuses a working tree with uncommitted changes', () => {
    appendFileSync(join(clone, 'README.md'), '\nstray\n')
    const r = release('99.0.0')
    git('checkout', '--', 'README.md')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('uncommitted changes')
  })

  it('refuses a dist/ that differs from what the source builds: nothing committed, nothing tagged', () => {
    addChangelogSection('98.0.0')
    const head = git('rev-parse', 'HEAD')
    const r = release('98.0.0', { CHECK_DIST_FAILS: '1' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('differ from a fresh build')
    expect(distChecks()).toBe(1)
    expect(git('rev-parse', 'HEAD')).toBe(head)
    expect(git('tag')).toBe('')
  })

  it('checks dist, commits the version, tags vX.Y.Z and moves vX; a second release moves vX on', () => {
    addChangelogSection('99.0.0')
    const checked = distChecks()
    const first = release('99.0.0')
    expect(distChecks()).toBe(checked + 1)
    expect(first.stderr).not.toMatch(/differ from a fresh build|error/i)
    expect(first.status).toBe(0)
    expect(first.stdout).toContain('git push origin HEAD v99.0.0 && git push --force origin v99')
    expect(first.stdout).toContain('Then publish a GitHub release from v99.0.0')
    expect(git('log', '-1', '--format=%s')).toBe('Release v99.0.0')
    expect(JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')).version).toBe('99.0.0')
    expect(git('rev-parse', 'v99.0.0^{commit}')).toBe(git('rev-parse', 'HEAD'))
    expect(git('rev-parse', 'v99^{commit}')).toBe(git('rev-parse', 'HEAD'))

    expect(release('99.0.0').stderr).toContain('v99.0.0 exists already')

    addChangelogSection('99.0.1')
    expect(release('99.0.1').status).toBe(0)
    expect(git('rev-parse', 'v99^{commit}')).toBe(git('rev-parse', 'v99.0.1^{commit}'))
    expect(git('rev-parse', 'v99.0.0^{commit}')).not.toBe(git('rev-parse', 'v99^{commit}'))
  })
})
