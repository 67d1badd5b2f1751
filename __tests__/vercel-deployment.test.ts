import { PK_LIVE, SK_LIVE } from '../test-support/keys.js'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'
import { startGitHubStandIn, type GitHubStandIn } from '../test-support/github-server.js'
import { httpsUnavailable, startHttpsServer, type HttpsTestServer } from '../test-support/https-server.js'
import { runAction, type ActionRun } from '../test-support/run-action.js'
import { clerkZone } from '../test-support/zones.js'

// Vercel's production gate (issue 29): with Deployment Checks, a production build waits, unpromoted, at its own URL
// until the required checks pass; deployment_status's target_url and the client_payload.url of Vercel's
// repository_dispatch events are that URL. It is judged for what it serves, and is no app origin: never proposed for
// authorizedParties, passkeys or allowed origins, and production is not "not on example.com" because of it.

const unavailable = await httpsUnavailable()
const describeLive = unavailable ? describe.skip : describe
if (unavailable) console.warn(`Vercel deployment tests over HTTPS skipped: ${unavailable}`)

const BUILD = 'shop-7fh3k2lq9-acme.vercel.app'
const BUILD_URL = `https://${BUILD}`
const SHA = 'abcdef1234567890abcdef1234567890abcdef12'

/** What Vercel's repository_dispatch sends (vercel/repository-dispatch, "Payload Example"). */
function dispatch(action: string, environment = 'production') {
  return {
    action,
    branch: 'main',
    client_payload: {
      environment,
      git: { ref: 'main', sha: SHA, shortSha: SHA.slice(0, 7) },
      id: 'dpl_FAKE1234567890',
      project: { id: 'prj_FAKE', name: 'shop' },
      state: { type: 'ready' },
      url: BUILD_URL,
    },
    repository: { default_branch: 'main' },
  }
}

describeLive('a production build at its own URL, before it is promoted', () => {
  let web: HttpsTestServer
  let dns: DnsTestServer
  let github: GitHubStandIn

  beforeAll(async () => {
    web = await startHttpsServer({
      [BUILD]: {
        routes: {
          '/': (_req, _body, res) =>
            res
              .writeHead(200, { 'content-type': 'text/html' })
              .end(`<html><head><script data-clerk-publishable-key="${PK_LIVE}"></script></head></html>`),
        },
      },
    })
    dns = await startDnsServer({
      records: [...clerkZone('example.com'), { name: BUILD, type: 'A', data: web.address }],
    })
  })
  afterAll(async () => {
    await Promise.all([web.close(), dns.close()])
  })
  beforeEach(async () => {
    github = await startGitHubStandIn()
  })
  afterEach(() => github.close())

  function run(eventName: string, event: unknown, inputs: Record<string, string> = {}): Promise<ActionRun> {
    return runAction({
      eventName,
      event,
      inputs: {
        'dns-servers': dns.address,
        'authorized-parties': 'https://example.com',
        'check-run': 'true',
        'github-token': 'ghs_FAKEtokenFAKEtoken00',
        ...inputs,
      },
      env: {
        CLERK_PUBLISHABLE_KEY: PK_LIVE,
        CLERK_SECRET_KEY: SK_LIVE,
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'acme/shop',
      },
    })
  }

  function expectJudgedAtItsUrl(result: ActionRun): void {
    const checks = result.report?.checks ?? []
    // The build's URL is fetched for what it serves: the key it ships is the configured production key.
    expect(checks.find(c => c.id === 'deploy.publishable-key')).toMatchObject({
      subject: `${BUILD_URL}/`,
      status: 'pass',
    })
    expect(web.requests.some(r => r.host === BUILD && r.path === '/')).toBe(true)
    // ... and is no app origin: only the checks that judge what a URL serves name it; production is served from
    // example.com, which the list holds.
    const judgingThePage = [
      'deploy.publishable-key',
      'deploy.proxy-domain',
      'csp',
      'deploy.middleware',
      'deploy.server-key',
    ]
    expect(checks.filter(c => c.subject.includes(BUILD) && !judgingThePage.includes(c.id))).toEqual([])
    expect(checks.find(c => c.id === 'environment')?.status).toBe('pass')
    expect(checks.find(c => c.id === 'auth.authorized-parties')).toMatchObject({ status: 'pass' })
    expect(checks.find(c => c.id === 'auth.authorized-parties')?.fix ?? '').not.toContain(BUILD)
    expect(checks.find(c => c.id === 'passkeys.rp-id')).toMatchObject({
      subject: 'https://example.com',
      status: 'pass',
    })
    expect(result.summary).not.toContain(`add \`${BUILD_URL}\``)
  }

  it('deployment_status: target_url is judged for what it serves, and is not proposed as an origin', async () => {
    const result = await run('deployment_status', {
      deployment: { environment: 'Production', sha: SHA },
      deployment_status: { state: 'success', target_url: BUILD_URL },
      repository: { default_branch: 'main' },
    })
    expect(result.report?.environment).toMatchObject({
      name: 'production',
      source: 'deployment',
      phase: 'after-deploy',
    })
    expectJudgedAtItsUrl(result)
  })

  it("repository_dispatch vercel.deployment.ready: environment, URL and commit from Vercel's client_payload", async () => {
    github.pullsOf(SHA, [{ number: 12, state: 'open', head: { sha: SHA }, labels: [] }])
    const result = await run('repository_dispatch', dispatch('vercel.deployment.ready'), { comment: 'always' })
    expect(result.report?.environment).toEqual({
      name: 'production',
      instanceType: 'production',
      source: 'deployment',
      phase: 'after-deploy',
    })
    expectJudgedAtItsUrl(result)
    // The check run Vercel's Deployment Checks can require is on the deployed commit, not the default branch's head.
    expect(github.checkRuns.map(r => [r.name, r.head_sha])).toEqual([['Clerk preflight (production)', SHA]])
    // The pull request is the one whose head is that commit.
    expect(github.requests.some(r => r.path === `/repos/acme/shop/commits/${SHA}/pulls`)).toBe(true)
    expect(github.comments.get(12)).toHaveLength(1)
  })

  it('a preview from Vercel (client_payload.environment "preview") is preview, after the deploy', async () => {
    const result = await run('repository_dispatch', dispatch('vercel.deployment.success', 'preview'), {
      'check-run': 'false',
    })
    expect(result.report?.environment).toMatchObject({ name: 'preview', source: 'deployment', phase: 'after-deploy' })
    expect(result.report?.checks.find(c => c.id === 'deploy.publishable-key')?.subject).toBe(`${BUILD_URL}/`)
  })

  it('another repository_dispatch is not a deployment: neither its URL nor its environment is read', async () => {
    const result = await run('repository_dispatch', { ...dispatch('deploy-now', 'preview'), action: 'deploy-now' })
    // The default branch's ref decides, as on any event without a deployment.
    expect(result.report?.environment).toMatchObject({ name: 'production', source: 'ref', phase: 'before-deploy' })
    expect(result.report?.checks.find(c => c.id === 'deploy.publishable-key')?.status).toBe('skip')
  })

  it('a URL on the domain is still an app origin (the custom domain after promotion)', async () => {
    const result = await run(
      'push',
      {},
      { environment: 'production', url: 'https://app.example.com', 'check-run': 'false' },
    )
    const parties = result.report?.checks.find(c => c.id === 'auth.authorized-parties')
    expect(parties?.status).toBe('fail')
    expect(parties?.fix).toContain('https://app.example.com')
  })
})
