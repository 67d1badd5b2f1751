import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// scripts/release.sh in a clone of this repository's HEAD, with node_modules hard-linked (a symlink would change the
// bundle's module ids, and the dist check would fail for that alone). Nothing is pushed: the script never pushes.

const repo = fileURLToPath(new URL('..', import.meta.url))
let clone: string

const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, encoding: 'utf8' }).trim()
const release = (version: string) =>
  spawnSync('bash', ['scripts/release.sh', version], { cwd: clone, encoding: 'utf8' })
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
  try {
    execFileSync('cp', ['-al', join(repo, 'node_modules'), join(clone, 'node_modules')])
  } catch {
    execFileSync('cp', ['-a', join(repo, 'node_modules'), join(clone, 'node_modules')])
  }
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

  it('checks dist, commits the version, tags vX.Y.Z and moves vX; a second release moves vX on', () => {
    addChangelogSection('99.0.0')
    const first = release('99.0.0')
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
  }, 120_000)
})
