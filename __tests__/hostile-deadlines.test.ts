import { startDnsServer } from '../test-support/dns-server.js'
import { startGitHubStandIn } from '../test-support/github-server.js'
import { startHttpServer } from '../test-support/http-server.js'
import { PK_LIVE, PK_TEST, SK_LIVE } from '../test-support/keys.js'
import { runAction, type ActionRun } from '../test-support/run-action.js'
import { clerkZone } from '../test-support/zones.js'

// Issue 21: what a hostile peer or a pull request's page can send, through the bundled action. Each run ends within
// run-timeout-ms + 2 s with its report, summary and outputs written, and the verdict the workflow set.

const RUN_TIMEOUT_MS = 10_000

async function timed(run: () => Promise<ActionRun>): Promise<ActionRun & { ms: number }> {
  const started = Date.now()
  const result = await run()
  return { ...result, ms: Date.now() - started }
}

function written(run: ActionRun) {
  expect(run.report).toBeDefined()
  expect(run.summary).toContain('Clerk preflight')
  expect(run.outputs.status).toBe(run.report?.status)
  expect(run.stderr).toBe('')
}

describe('a GitHub that never answers, and every DNS question dropped', () => {
  it('costs the run its deadline, no more: report, summary and outputs are written first', async () => {
    const github = await startGitHubStandIn()
    const silent = await startDnsServer({ records: [], faults: [{ name: '*', fault: 'drop' }] })
    for (const method of ['GET', 'POST', 'PATCH'])
      github.fail({ method, path: /./, status: 200, stall: true, times: 1000 })
    const satellites = Array.from({ length: 300 }, (_, i) => `sat${i}.example`).join(',')
    try {
      const run = await timed(() =>
        runAction({
          eventName: 'pull_request',
          ref: 'refs/pull/5/merge',
          event: { pull_request: { number: 5, head: { sha: 'feedbeef' }, labels: [] } },
          inputs: {
            environment: 'production',
            'dns-servers': silent.address,
            satellites,
            'run-timeout-ms': String(RUN_TIMEOUT_MS),
            'github-token': 'ghs_FAKEstandInToken0000',
            'check-run': 'true',
            comment: 'always',
            'authorized-parties': 'https://example.com',
          },
          files: { '.github/clerk-preflight.yml': 'passkeys: false\n' },
          env: {
            GITHUB_API_URL: github.url,
            GITHUB_REPOSITORY: 'acme/shop',
            CLERK_PUBLISHABLE_KEY: PK_LIVE,
            CLERK_SECRET_KEY: SK_LIVE,
          },
          timeoutMs: 30_000,
        }),
      )
      expect(run.ms).toBeLessThan(RUN_TIMEOUT_MS + 2000)
      written(run)
      expect(run.code).toBe(1)
      // Not retried after the budget: at most the requests that were waiting when it ran out.
      expect(github.requests.length).toBeLessThanOrEqual(4)
      expect(run.stdout).toContain('GitHub did not answer within the time the run has for it')
    } finally {
      await Promise.all([github.close(), silent.close()])
    }
  }, 40_000)
})

describe("a deployed page of unclosed tags (a pull request's preview)", () => {
  it('is read in linear time: 2 MiB of "<link" and of "<meta"', async () => {
    const web = await startHttpServer({
      '/': { body: `<!doctype html><html><head>${'<link'.repeat(420_000)}` },
      '/meta': { body: `<!doctype html><html><head>${'<meta'.repeat(420_000)}` },
    })
    try {
      for (const path of ['/', '/meta']) {
        const run = await timed(() =>
          runAction({
            inputs: {
              environment: 'development',
              url: `${web.origin.replace('127.0.0.1', 'localhost')}${path}`,
              'run-timeout-ms': String(RUN_TIMEOUT_MS),
            },
            env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
            timeoutMs: 30_000,
          }),
        )
        expect(run.ms).toBeLessThan(RUN_TIMEOUT_MS + 2000)
        written(run)
        expect(run.report?.checks.find(c => c.id === 'csp')?.status).toBe('warn')
      }
    } finally {
      await web.close()
    }
  }, 60_000)
})

describe('a Frontend API that answers with outsized and deeply nested values', () => {
  it('is quoted short, with its length, and the report is written', async () => {
    // Built as text: JSON.stringify itself would overflow the stack.
    const deep = `${'['.repeat(10_000)}"production"${']'.repeat(10_000)}`
    const fapi = await startHttpServer({
      '/v1/environment': {
        headers: { 'content-type': 'application/json' },
        body: `{"display_config":{"instance_environment_type":"${'x'.repeat(256 * 1024)}","deep":${deep}},"user_settings":{"social":{"oauth_${'y'.repeat(1024 * 1024)}":{"enabled":true},"deep":${deep}}}}`,
      },
    })
    const zone = await startDnsServer({ records: clerkZone('example.com') })
    try {
      const run = await timed(() =>
        runAction({
          inputs: {
            environment: 'production',
            'dns-servers': zone.address,
            'authorized-parties': 'https://example.com',
            'run-timeout-ms': String(RUN_TIMEOUT_MS),
          },
          env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_FAPI_URL: fapi.origin },
          timeoutMs: 30_000,
        }),
      )
      expect(run.ms).toBeLessThan(RUN_TIMEOUT_MS + 2000)
      written(run)
      const fapiResult = run.report?.checks.find(c => c.id === 'deploy.frontend-api')
      expect(fapiResult?.status).toBe('fail')
      expect(fapiResult?.message).toContain(`"${'x'.repeat(80)}…" (262144 characters) instance`)
      expect(run.reportText.length).toBeLessThan(1024 * 1024)
    } finally {
      await Promise.all([fapi.close(), zone.close()])
    }
  }, 40_000)
})

describe('http-timeout-ms', () => {
  it("bounds the csp page's exchange too (it had a fixed 10 s)", async () => {
    const web = await startHttpServer({ '/': { stall: true } })
    try {
      const run = await timed(() =>
        runAction({
          inputs: {
            environment: 'development',
            url: `${web.origin.replace('127.0.0.1', 'localhost')}/`,
            'http-timeout-ms': '1000',
          },
          env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
        }),
      )
      written(run)
      expect(run.report?.checks.find(c => c.id === 'csp')?.message).toContain('1000 ms')
      expect(run.ms).toBeLessThan(5000)
    } finally {
      await web.close()
    }
  })
})
