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
    'deploy-branch.yml': { eventName: 'push', event: {}, ref: 'refs/heads/main', environment: 'production' },
    'quick-start.yml': { eventName: 'push', event: {}, ref: 'refs/heads/main', environment: 'production' },
    'pull-request.yml': {
      eventName: 'pull_request',
      event: { pull_request: { number: 7, head: { sha: 'abc' }, labels: [] } },
      ref: 'refs/pull/7/merge',
      environment: 'preview',
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

  it.each(examples)('%s: valid inputs, the environment it is meant for, a report', async file => {
    const workflow = parse(readFileSync(`examples/${file}`, 'utf8')) as { jobs: Record<string, { steps?: Step[] }> }
    const step = Object.values(workflow.jobs)
      .flatMap(job => job.steps ?? [])
      .find(s => s.uses?.includes('clerk-preflight'))!
    const demo = (expression: string) =>
      /PUBLISHABLE/.test(expression) ? DEMO_PUBLISHABLE_KEY : /SECRET_KEY/.test(expression) ? DEMO_SECRET_KEY : ''
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
  })
})
