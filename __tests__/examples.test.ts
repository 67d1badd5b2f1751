import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY, startDemoPeers, type DemoPeers } from '../demo/peers.js'
import { runAction } from '../test-support/run-action.js'

const inputs = Object.keys((parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }).inputs)
const readme = readFileSync('README.md', 'utf8')
const examples = readdirSync('examples').filter(f => f.endsWith('.yml'))

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

interface Matrix {
  include?: Array<Record<string, unknown>>
  [name: string]: unknown
}

/** The values of a matrix's first job: its first `include` entry, else the first value of each list. */
function firstOfMatrix(matrix: Matrix | undefined): Record<string, unknown> {
  if (!matrix) return {}
  if (matrix.include?.[0]) return matrix.include[0]
  return Object.fromEntries(Object.entries(matrix).map(([name, values]) => [name, [values].flat()[0]]))
}

describe.each(examples)('examples/%s', file => {
  const text = readFileSync(`examples/${file}`, 'utf8')
  const workflow = parse(text) as { on: unknown; jobs: Record<string, { steps?: Step[] }> }
  const steps = Object.values(workflow.jobs)
    .flatMap(job => job.steps ?? [])
    .filter(s => s.uses?.includes('clerk-preflight'))

  it('is a workflow that uses the action', () => {
    expect(workflow.on).toBeDefined()
    expect(steps.length).toBeGreaterThan(0)
  })

  it('uses only inputs that action.yml declares', () => {
    for (const step of steps) expect(inputs).toEqual(expect.arrayContaining(Object.keys(step.with ?? {})))
  })

  it('is in the README, word for word', () => {
    expect(readme).toContain(text.trim())
  })
})

describe('each example, run through the bundled action on the demo', () => {
  // The demo's world on loopback (DNS, page, Clerk's APIs) and its configuration file; the example's `with:` as the
  // runner would pass it, each `${{ … }}` replaced by a demo value of its kind.
  let peers: DemoPeers
  beforeAll(async () => {
    peers = await startDemoPeers()
  })
  afterAll(() => peers.close())

  const events: Record<string, { eventName: string; event: unknown; ref: string; environment: string }> = {
    'deploy-branch.yml': {
      eventName: 'push',
      event: { repository: { default_branch: 'main' } },
      ref: 'refs/heads/main',
      environment: 'production',
    },
    'quick-start.yml': {
      eventName: 'push',
      event: { repository: { default_branch: 'main' } },
      ref: 'refs/heads/main',
      environment: 'production',
    },
    'pull-request.yml': {
      eventName: 'pull_request',
      event: { pull_request: { number: 7, head: { sha: 'abc' }, labels: [] } },
      ref: 'refs/pull/7/merge',
      environment: 'preview',
    },
    'drift-watch.yml': {
      eventName: 'schedule',
      event: { schedule: '17 6 * * *' },
      ref: 'refs/heads/main',
      environment: 'production',
    },
    'many-apps.yml': {
      eventName: 'push',
      event: { repository: { default_branch: 'main' } },
      ref: 'refs/heads/main',
      environment: 'production',
    },
    'vercel-deployment-checks.yml': {
      eventName: 'repository_dispatch',
      event: {
        action: 'vercel.deployment.ready',
        client_payload: {
          environment: 'production',
          git: { ref: 'main', sha: 'abc' },
          id: 'dpl_FAKE',
          url: 'peers_url_placeholder',
        },
      },
      ref: 'refs/heads/main',
      environment: 'production',
    },
    'vercel-preview-gate.yml': {
      eventName: 'deployment_status',
      event: {
        deployment: { environment: 'Production – shop', sha: 'abc' },
        deployment_status: { state: 'success', target_url: 'peers_url_placeholder' },
      },
      ref: 'refs/heads/main',
      environment: 'production',
    },
  }

  // Every step that uses the action, by example and job.
  const runs = examples.flatMap(file =>
    Object.entries(
      (
        parse(readFileSync(`examples/${file}`, 'utf8')) as {
          jobs: Record<string, { steps?: Step[]; strategy?: { matrix?: Matrix } }>
        }
      ).jobs,
    ).flatMap(([job, { steps, strategy }]) =>
      (steps ?? [])
        .filter(s => s.uses?.includes('clerk-preflight'))
        .map(step => ({ file, job, step, matrix: firstOfMatrix(strategy?.matrix) })),
    ),
  )

  it.each(runs)(
    '$file, job $job: valid inputs, the environment it is meant for, a report',
    async ({ file, step, matrix }) => {
      const demo = (expression: string) => {
        const fromMatrix = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(expression)?.[1]
        if (fromMatrix) return String(matrix[fromMatrix] ?? '')
        return /PUBLISHABLE/.test(expression)
          ? DEMO_PUBLISHABLE_KEY
          : /SECRET_KEY/.test(expression)
            ? DEMO_SECRET_KEY
            : ''
      }
      const inputs = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([name, value]) => [name, String(value).replace(/\$\{\{[^}]*\}\}/g, demo)]),
      )
      const { eventName, event, ref, environment } = events[file]!
      const run = await runAction({
        inputs: { ...inputs, 'dns-servers': peers.dnsServer },
        env: { CLERK_API_URL: peers.clerkApiUrl, CLERK_FAPI_URL: peers.frontendApiUrl },
        eventName,
        ref,
        event: JSON.parse(JSON.stringify(event).replace('"peers_url_placeholder"', JSON.stringify(peers.url))),
        files: { '.github/clerk-preflight.yml': readFileSync('demo/clerk-preflight.yml', 'utf8') },
      })
      expect(run.stderr).toBe('')
      expect(run.report?.environment.name).toBe(environment)
      expect(run.report?.checks.filter(c => c.id === 'config' && c.status !== 'pass')).toEqual([])
      expect(run.outputs.status).toMatch(/^(pass|warn|fail)$/)
      // A key of the right instance for each, the pull request's from the file (forks get no vars).
      expect(run.report?.checks.find(c => c.id === 'keys.publishable')?.status).toBe('pass')
    },
  )
})

describe("the examples hold under GitHub's rules", () => {
  interface Job {
    if?: string
    needs?: string | string[]
    environment?: unknown
    permissions?: Record<string, string>
    steps?: Step[]
  }
  interface Workflow {
    on: Record<string, { types?: string[]; branches?: string[] } | null> | string
    permissions?: Record<string, string>
    concurrency?: { group: string; 'cancel-in-progress': boolean }
    jobs: Record<string, Job>
  }
  const read = (file: string) => parse(readFileSync(`examples/${file}`, 'utf8')) as Workflow
  const actionStep = (job: Job) => job.steps?.find(s => s.uses?.includes('clerk-preflight'))
  const needs = (job: Job) => [job.needs ?? []].flat()

  it('pull-request: the required job always runs, the label is the action’s decision, one run per pull request', () => {
    const workflow = read('pull-request.yml')
    const on = workflow.on as Record<string, { types: string[] }>
    expect(on.pull_request?.types).toEqual(expect.arrayContaining(['labeled', 'unlabeled', 'synchronize']))
    // A job skipped by `if:` counts as a passing required check; a cancelled run is replaced by the newer one.
    for (const job of Object.values(workflow.jobs)) expect(job.if).toBeUndefined()
    expect(workflow.concurrency?.group).toContain('github.event.pull_request.number')
    expect(actionStep(workflow.jobs.preflight!)?.with?.['override-label']).toBeTruthy()
  })

  it("deploy-branch: before-deploy, the deploy, after-deploy; one approval, the deploy job's", () => {
    const { jobs } = read('deploy-branch.yml')
    const phaseOf = (name: string) => actionStep(jobs[name]!)?.with?.phase
    const before = Object.keys(jobs).find(name => phaseOf(name) === 'before-deploy')!
    const after = Object.keys(jobs).find(name => phaseOf(name) === 'after-deploy')!
    expect(needs(jobs.deploy!)).toEqual([before])
    expect(needs(jobs[after]!)).toEqual(['deploy'])
    // GitHub asks an environment's required reviewers for every job that names it: the check jobs read the keys from
    // an environment of their own, and only the deploy job names the deploy's, where the reviewers are.
    expect(jobs[before]?.environment).toBe(jobs[after]?.environment)
    expect(jobs.deploy?.environment).toBeDefined()
    expect(jobs.deploy?.environment).not.toBe(jobs[before]?.environment)
  })

  it.each(examples)('%s: no permission by default; each job has what its features need and no more', file => {
    const workflow = read(file)
    expect(workflow.permissions).toEqual({})
    const events = typeof workflow.on === 'string' ? [workflow.on] : Object.keys(workflow.on)
    // A push to the default branch has no pull request to comment on (the examples push to main only).
    const mayComment = events.some(e => e === 'pull_request' || e === 'deployment_status')
    for (const job of Object.values(workflow.jobs)) {
      const step = actionStep(job)
      if (!step) continue // the deploy's own job is the user's to grant
      // The checkout reads the configuration file and the app's code; a job without it needs nothing to read.
      const checksOut = (job.steps ?? []).some(s => s.uses?.startsWith('actions/checkout@'))
      const expected: Record<string, string> = checksOut ? { contents: 'read' } : {}
      if (mayComment && step.with?.comment !== false) expected['pull-requests'] = 'write'
      if (step.with?.['check-run'] === true) expected.checks = 'write'
      if (step.with?.issue === 'auto') expected.issues = 'write'
      expect(job.permissions).toEqual(expected)
    }
  })
})
