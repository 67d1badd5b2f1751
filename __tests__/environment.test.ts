import { branchMatches, matchEnvironmentName, resolveEnvironment } from '../src/settings/environment.js'

describe('resolveEnvironment', () => {
  it('takes the input first, matched case-insensitively', () => {
    const r = resolveEnvironment({ input: 'Production', deploymentEnvironment: 'Preview', vercelEnv: 'preview' }, {})
    expect(r).toEqual({ ok: true, environment: { name: 'production', source: 'input', detail: 'Production' } })
  })

  it("takes the configuration file's environment after the input", () => {
    const r = resolveEnvironment({ configEnvironment: 'staging', vercelEnv: 'production' }, {})
    expect(r).toMatchObject({ ok: true, environment: { name: 'staging', source: 'config' } })
  })

  it.each([
    ['Production', 'production'],
    ['Preview', 'preview'],
    ['Production – web', 'production'],
    ['preview – docs-site', 'preview'],
  ])("reads a deployment event's environment %j as %s (Vercel's names)", (raw, name) => {
    const r = resolveEnvironment(
      { eventName: 'deployment_status', deploymentEnvironment: raw, vercelEnv: 'development' },
      {},
    )
    expect(r).toEqual({ ok: true, environment: { name, source: 'deployment', detail: raw } })
  })

  it('prefers a configured name that matches exactly over a prefix match', () => {
    const r = resolveEnvironment({ deploymentEnvironment: 'Production EU' }, { 'production eu': {} })
    expect(r).toMatchObject({ ok: true, environment: { name: 'production eu' } })
  })

  it('reads VERCEL_ENV when there is no deployment environment', () => {
    expect(resolveEnvironment({ vercelEnv: 'preview', eventName: 'push', ref: 'refs/heads/main' }, {})).toMatchObject({
      ok: true,
      environment: { name: 'preview', source: 'VERCEL_ENV' },
    })
  })

  it('treats a pull request as preview', () => {
    for (const eventName of ['pull_request', 'pull_request_target']) {
      expect(resolveEnvironment({ eventName, ref: 'refs/pull/7/merge' }, {})).toMatchObject({
        ok: true,
        environment: { name: 'preview', source: 'pull_request' },
      })
    }
  })

  it('maps branches by the configured rules, then the default branch to production', () => {
    const rules = { staging: { branches: ['release/*'] }, qa: { branches: ['qa/**'] } }
    expect(resolveEnvironment({ eventName: 'push', ref: 'refs/heads/release/1.2' }, rules)).toMatchObject({
      environment: { name: 'staging', source: 'ref' },
    })
    expect(resolveEnvironment({ eventName: 'push', ref: 'refs/heads/qa/a/b' }, rules)).toMatchObject({
      environment: { name: 'qa' },
    })
    expect(
      resolveEnvironment({ eventName: 'push', ref: 'refs/heads/main', defaultBranch: 'main' }, rules),
    ).toMatchObject({ environment: { name: 'production', source: 'ref', detail: 'refs/heads/main' } })
  })

  it('is a problem when nothing names an environment', () => {
    const r = resolveEnvironment({ eventName: 'push', ref: 'refs/heads/feature/x', defaultBranch: 'main' }, {})
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problem).toContain('no target environment')
      expect(r.problem).toContain('refs/heads/feature/x')
      expect(r.fix).toContain('environment')
    }
  })

  it('is a problem when the name is not known', () => {
    const r = resolveEnvironment({ eventName: 'deployment', deploymentEnvironment: 'github-pages' }, {})
    expect(r).toMatchObject({ ok: false, field: 'deployment' })
    if (!r.ok) expect(r.fix).toContain('environments:')
  })
})

describe('name and branch matching', () => {
  it('does not read "production-eu" as production', () => {
    expect(matchEnvironmentName('production-eu', ['production'])).toBeUndefined()
  })
  it.each([
    ['main', 'main', true],
    ['release/*', 'release/1', true],
    ['release/*', 'release/1/hotfix', false],
    ['release/**', 'release/1/hotfix', true],
    ['v1.0', 'v1x0', false],
    ['*', '', true],
    ['**', 'a/b/c', true],
    ['*/*', 'a/b', true],
    ['*/*', 'a/b/c', false],
    ['feat-*-x', 'feat--x', true],
    ['feat-*-x', 'feat-a/b-x', false],
    ['**/hotfix', 'release/1/hotfix', true],
    ['a**b', 'a/x/yb', true],
    ['(x)+', '(x)+', true],
  ])('%s matches %s: %s', (pattern, branch, expected) => {
    expect(branchMatches(pattern, branch)).toBe(expected)
  })

  it('matches many stars against a long branch name in linear work, not by backtracking', () => {
    // A regular expression took 89 s on this (issue 15), past the test's timeout; the matcher does stars × characters
    // steps.
    const branch = 'a'.repeat(5000)
    expect(branchMatches(`${'*a'.repeat(8)}*b`, branch)).toBe(false)
    expect(branchMatches(`**${'*a'.repeat(8)}`, branch)).toBe(true)
  })
})
