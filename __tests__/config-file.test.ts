import { execFileSync } from 'node:child_process'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { loadConfigFile } from '../src/settings/config-loader.js'
import { parseConfigText } from '../src/settings/config-parser.js'
import { buildPlan } from '../src/settings/plan.js'
import { WORKFLOW_SETTINGS } from '../src/settings/schema.js'
import { tempFolder } from '../test-support/temp-folder.js'

const PATH = '.github/clerk-preflight.yml'

function problemsOf(text: string) {
  const r = parseConfigText(PATH, text)
  if (r.ok) throw new Error('expected problems')
  return r.problems
}

describe('configuration file', () => {
  it('refuses an alias bomb with a config problem, not a crash', () => {
    // The "billion laughs": each level doubles the one before; 150 aliases already expand past any real file.
    const lines = ['a0: &a0 [x, x]']
    for (let i = 1; i <= 30; i++)
      lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`)
    const [problem] = problemsOf(lines.join('\n'))
    expect(problem).toMatchObject({ field: '(YAML)', subject: PATH })
    expect(problem?.problem).toContain('its aliases cannot be expanded')
    expect(problem?.fix).toContain('at most 100')
  })

  it('reports an alias used before its anchor as a config problem', () => {
    const [problem] = problemsOf('satellites: [*later]\ndomain: &later example.com')
    expect(problem?.problem).toMatch(/aliases cannot be expanded: .*anchor/i)
  })

  it('parses a valid file with environment sections and coerces its values', () => {
    const r = parseConfigText(
      PATH,
      [
        'domain: Example.COM.',
        'app-origins: https://example.com/, https://app.example.com',
        'environments:',
        '  production:',
        '    satellites: [Example.NET, example.org]',
        '    mail-id: ab12cd34ef56',
        '  staging:',
        '    instance-type: production',
        '    domain: staging-example.com',
        '    passkeys: "true"',
        '    branches: [release/*]',
      ].join('\n'),
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const c = r.loaded.config
    expect(c.domain).toBe('example.com')
    expect(c['app-origins']).toEqual(['https://example.com', 'https://app.example.com'])
    expect(c.environments?.production?.satellites).toEqual(['example.net', 'example.org'])
    expect(c.environments?.production?.['mail-id']).toBe('ab12cd34ef56')
    expect(c.environments?.staging).toMatchObject({
      'instance-type': 'production',
      passkeys: true,
      branches: ['release/*'],
    })
  })

  it.each([...WORKFLOW_SETTINGS])(
    'refuses %s, the workflow’s alone, at the top level and in a section, with the fix',
    key => {
      const problems = problemsOf(`${key}: x\nenvironments:\n  production:\n    ${key}: x\n`)
      expect(problems).toHaveLength(2)
      expect(problems.map(p => p.field)).toEqual(expect.arrayContaining([key, `environments.production.${key}`]))
      for (const p of problems) {
        expect(p.problem).toBe(
          `\`${key}\` decides the gate or where data goes, so it is the workflow's alone: on a pull request the configuration file is the pull request's author's`,
        )
        expect(p.fix).toBe(
          `Remove \`${key}\` from the file and set it in the workflow's \`with:\` (\`with: ${key}: …\`).`,
        )
      }
      expect(problems.find(p => p.field !== key)).toMatchObject({ line: 4, column: 5 })
    },
  )

  it('refuses in the file all the contract lists as the workflow’s alone', () => {
    expect(WORKFLOW_SETTINGS).toEqual(
      expect.arrayContaining([
        ...['fail-on', 'override-label', 'live-checks', 'webhook-url', 'pr-number', 'report-file'],
        ...['issue', 'url', 'http-timeout-ms', 'dns-timeout-ms', 'run-timeout-ms'],
      ]),
    )
    expect(WORKFLOW_SETTINGS).toHaveLength(16)
  })

  it('treats an empty file as no settings', () => {
    expect(parseConfigText(PATH, '# nothing yet\n')).toMatchObject({ ok: true, loaded: { config: {} } })
  })

  it('names a YAML syntax error with its line and column', () => {
    // The parser notices an unclosed quote where the file ends.
    const [p] = problemsOf('domain: example.com\nenvironments:\n  production:\n    domain: "unclosed\n')
    expect(p).toMatchObject({ subject: PATH, field: '(YAML)', line: 5, column: 1 })
    expect(p?.problem).toMatch(/not valid YAML: Missing closing "quote/)
    const [indent] = problemsOf('domain: example.com\n  passkeys: true\n')
    expect(indent).toMatchObject({ field: '(YAML)', line: 1, column: 9 })
    expect(indent?.problem).not.toContain('at line')
  })

  it('reports a duplicate key', () => {
    const [p] = problemsOf('domain: a.com\ndomain: b.com\n')
    expect(p).toMatchObject({ line: 2 })
    // Inside a section's flow map, at the second key; 1 and "1" are two keys, as YAML says.
    expect(problemsOf('environments:\n  production: {domain: x.com, domain: y.com}\n  "1": {}\n  1: {}\n')).toEqual([
      expect.objectContaining({ problem: 'not valid YAML: Map keys must be unique', line: 2, column: 31 }),
    ])
  })

  it('reads a map of many keys in linear time, a duplicate found and placed', () => {
    // yaml's own duplicate check compared each key with all before it: 25,000 sections took about 7 s outside jest.
    const sections = Array.from({ length: 25_000 }, (_, i) => `  e${i}: {}`).join('\n')
    const started = process.hrtime.bigint()
    const problems = problemsOf(`environments:\n${sections}\n  e7: {}\n`)
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000)
    expect(problems).toEqual([
      expect.objectContaining({ problem: 'not valid YAML: Map keys must be unique', line: 25_002, column: 3 }),
    ])
  })

  it('places each of many unknown keys, the last as the first', () => {
    const unknown = problemsOf(Array.from({ length: 2_000 }, (_, i) => `k${i}: 1`).join('\n'))
    expect(unknown).toHaveLength(2_000)
    expect(unknown[1_999]).toMatchObject({ field: 'k1999', line: 2_000, column: 1 })
    // A key far longer than any setting's is not measured against each of them for a guess.
    const [long] = problemsOf(`? ${'x'.repeat(100_000)}\n: 1\n? domian\n: example.com\n`)
    expect(long?.fix).toBe('Remove it; the settings are listed in the README.')
    expect(problemsOf('? domian\n: example.com\n')[0]?.fix).toBe('Did you mean `domain`?')
  })

  it('suggests the intended key for a typo, at the line of the key', () => {
    const [p] = problemsOf('environments:\n  production:\n    domian: example.com\n')
    expect(p).toMatchObject({ field: 'environments.production.domian', line: 3, column: 5 })
    expect(p?.problem).toContain('`domian` is not a known setting')
    expect(p?.fix).toBe('Did you mean `domain`?')
  })

  it('refuses secrets in the committed file without quoting them', () => {
    const [p] = problemsOf('secret-key: sk_live_FAKEFAKEFAKEFAKEFAKE0000\n')
    expect(p?.problem).toContain('holds a secret')
    expect(p?.fix).toContain('secrets.')
    expect(JSON.stringify(p)).not.toContain('FAKEFAKEFAKE')
  })

  it.each([
    [
      'environments:\n  production:\n    domain: "exa mple.com"',
      'environments.production.domain',
      'is not a domain name',
      3,
    ],
    [
      'app-origins: [https://example.com/login]',
      'app-origins.0',
      'has more than an origin (use https://example.com)',
      1,
    ],
    ['mail-id: AB12', 'mail-id', 'must be the 12 lower-case letters and digits', 1],
    ['secondary-mail: maybe', 'secondary-mail', 'must be true or false', 1],
    ['passkeys: yes please', 'passkeys', 'must be true or false', 1],
    [
      'environments:\n  production:\n    instance-type: staging',
      'environments.production.instance-type',
      'must be production or development',
      3,
    ],
    ['environments: [production]', 'environments', 'expected a map of settings, got a list', 1],
    ['- just\n- a list', '(top level)', 'expected a map of settings, got a list', 1],
  ])('%j: %s %s (line %i)', (text, field, problem, line) => {
    const [p] = problemsOf(text)
    expect(p).toMatchObject({ field, line })
    expect(p?.problem).toContain(problem)
    expect(p?.fix).toMatch(/^Set `/)
  })

  it.each([
    ['fail-on', 'sometimes', 'fail-on', 'must be error, warning or never'],
    ['dns-servers', '1.1.1.1:99999', 'dns-servers.0', 'is not ip, ip:port or [ipv6]:port'],
    ['pr-number', 'seven', 'pr-number', 'must be a pull request number'],
    ['pr-number', '0', 'pr-number', 'must be a pull request number'],
    ['comment', 'sometimes', 'comment', 'must be auto, on-failure, always, true or false'],
  ])('the input %s: %j is refused: %s %s', (name, value, field, problem) => {
    const outcome = buildPlan({
      inputs: { environment: 'development', [name]: value },
      env: {},
      clues: {},
      config: { ok: true, loaded: { path: PATH, present: false, config: {}, locate: () => undefined } },
      workspace: '.',
    })
    if (outcome.ok) throw new Error('expected problems')
    expect(outcome.problems[0]).toMatchObject({ subject: name, field })
    expect(outcome.problems[0]?.problem).toContain(problem)
    expect(outcome.problems[0]?.fix).toMatch(/^Set the input `/)
  })

  it('names a bad environment name, where it is, and a name that would do', () => {
    const [p] = problemsOf('domain: example.com\nenvironments:\n  "prod env":\n    domain: example.com')
    expect(p).toMatchObject({ field: 'environments.prod env', line: 3, column: 3 })
    expect(p?.problem).toBe(
      '"prod env" is not an environment name: an environment name is letters, digits, "-", "_" or "."',
    )
    expect(p?.fix).toBe('Rename it, e.g. to `prod-env`.')
  })

  describe('loading', () => {
    let workspace: string
    beforeAll(async () => {
      workspace = tempFolder('cp-config-')
      await mkdir(join(workspace, '.github'))
      await writeFile(join(workspace, PATH), 'domain: example.com\n')
    })

    it('reads the file relative to the workspace', async () => {
      expect(await loadConfigFile(PATH, false, workspace)).toMatchObject({
        ok: true,
        loaded: { present: true, config: { domain: 'example.com' } },
      })
    })

    it('accepts a missing default file', async () => {
      expect(await loadConfigFile('.github/none.yml', false, workspace)).toMatchObject({
        ok: true,
        loaded: { present: false },
      })
    })

    it('refuses a missing file that was named explicitly', async () => {
      const r = await loadConfigFile('ci/clerk.yml', true, workspace)
      expect(r).toMatchObject({ ok: false, problems: [{ subject: 'ci/clerk.yml', field: 'config' }] })
      if (!r.ok) expect(r.problems[0]?.problem).toContain('does not exist')
    })
  })
})

describe('reading the configuration file (issue 15: a pull request can plant it)', () => {
  async function workspaceWith(make: (github: string) => Promise<void>) {
    const workspace = tempFolder('cp-config-')
    await mkdir(join(workspace, '.github'))
    await make(join(workspace, '.github'))
    return workspace
  }
  const problem = async (workspace: string, path = PATH) => {
    const r = await loadConfigFile(path, true, workspace)
    if (r.ok) throw new Error('expected a problem')
    return r.problems[0]?.problem
  }

  it.each(['/dev/zero', '/etc/passwd', '/dev/stdin'])(
    'refuses a symlink to %s as outside the workspace',
    async target => {
      const workspace = await workspaceWith(github => symlink(target, join(github, 'clerk-preflight.yml')))
      expect(await problem(workspace)).toContain('is outside the workspace')
    },
  )

  it('refuses a FIFO without waiting for a writer', async () => {
    const workspace = await workspaceWith(async github => {
      execFileSync('mkfifo', [join(github, 'clerk-preflight.yml')])
    })
    expect(await problem(workspace)).toContain('is not a regular file')
  })

  it('refuses a directory, a path outside the workspace, and a file over 256 KiB', async () => {
    const workspace = await workspaceWith(async github => {
      await mkdir(join(github, 'clerk-preflight.yml'))
      await writeFile(join(github, 'big.yml'), `# ${'x'.repeat(257 * 1024)}`)
    })
    expect(await problem(workspace)).toContain('is not a regular file')
    // Up to / and down again, from wherever the temporary folder is (TMPDIR may be deep).
    expect(await problem(workspace, relative(workspace, '/etc/hostname'))).toContain('is outside the workspace')
    expect(await problem(workspace, '/etc/hostname')).toContain('is outside the workspace')
    expect(await problem(workspace, '.github/big.yml')).toContain('is larger than 256 KiB')
  })

  it('follows a symlink to a file inside the workspace, and reads a file of exactly 256 KiB', async () => {
    const workspace = await workspaceWith(async github => {
      await writeFile(join(github, 'real.yml'), `domain: example.com\n# ${'x'.repeat(256 * 1024 - 23)}\n`)
      await symlink('real.yml', join(github, 'clerk-preflight.yml'))
    })
    const r = await loadConfigFile(PATH, true, workspace)
    expect(r.ok && r.loaded.config.domain).toBe('example.com')
  })
})
