import { cspCheck } from '../src/checks/csp.js'
import { dnsCnameCheck } from '../src/checks/dns-cname.js'
import { createCheckTools } from '../src/runner/tools.js'
import { runChecks } from '../src/runner/run-checks.js'
import { buildPlan } from '../src/settings/plan.js'
import type { ConfigLoad } from '../src/settings/config-model.js'
import { startHttpServer, type HttpTestServer } from '../test-support/http-server.js'
import { PK_LIVE } from '../test-support/keys.js'
import { NO_DNS } from '../test-support/scenario.js'

// Before the deploy, what the app side yields is at most a warning, whether a finding, a fault or a timeout: the
// runner judges it by the phase in one place, whatever made the result.
const config: ConfigLoad = { ok: true, loaded: { path: 'x', present: false, config: {}, locate: () => undefined } }

let web: HttpTestServer
beforeAll(async () => {
  web = await startHttpServer({ '/': { stall: true } })
})
afterAll(() => web.close())

async function runOut(phase: string) {
  const outcome = buildPlan({
    inputs: { environment: 'production', phase, url: `${web.origin}/`, 'dns-servers': NO_DNS, 'live-checks': 'false' },
    env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: 'http://127.0.0.1:9' },
    clues: {},
    config,
    workspace: '/nonexistent',
  })
  // The page never answers: the run's deadline comes first.
  return runChecks(outcome, config, [cspCheck, dnsCnameCheck], plan => createCheckTools(plan), Date.now() + 300)
}

describe('the phase, applied by the runner', () => {
  it('keeps an app-side check that ran out of time to a warning before the deploy, and says why', async () => {
    const csp = (await runOut('before-deploy')).find(r => r.id === 'csp')
    expect(csp).toMatchObject({ status: 'warn', evidence: { phase: 'before-deploy', unsoftenedStatus: 'error' } })
    expect(csp?.message).toContain('about the live (previous) release, judged after the deploy')
    expect(csp?.message).toContain('did not finish within run-timeout-ms')
  })

  it('enforces it after the deploy, and never softens the Clerk side', async () => {
    const results = await runOut('after-deploy')
    expect(results.find(r => r.id === 'csp')).toMatchObject({ status: 'error' })
    const before = await runOut('before-deploy')
    // dns.cname judges Clerk's side: its failure (no DNS server answers here) keeps its verdict before the deploy.
    const cname = before.filter(r => r.id === 'dns.cname')
    expect(cname.length).toBeGreaterThan(0)
    expect(cname.every(r => r.status !== 'warn' && r.evidence?.unsoftenedStatus === undefined)).toBe(true)
  })
})
