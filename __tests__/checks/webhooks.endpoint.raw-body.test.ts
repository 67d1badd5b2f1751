import { startDnsServer, type DnsTestServer, type FixtureRecord } from '../../test-support/dns-server.js'
import { httpsUnavailable, startHttpsServer, type HttpsTestServer } from '../../test-support/https-server.js'
import { clerkWebhookRoute } from '../../test-support/next-app.js'
import { runAction } from '../../test-support/run-action.js'
import { runScenario } from '../../test-support/scenario.js'
import { probeEvent, spacedEvent } from '../../src/clerk/webhook-signature.js'

/**
 * webhooks.endpoint's raw-body probe, against route handlers verifying with @clerk/backend's verifyWebhook: one on the
 * raw body, as Clerk's guide has it, one on `JSON.stringify(await req.json())`.
 */
const unavailable = await httpsUnavailable()
const describeLive = unavailable ? describe.skip : describe
if (unavailable) console.warn(`webhooks.endpoint over HTTPS skipped: ${unavailable}`)

const SECRET = `whsec_${Buffer.from('clerk-preflight-fake-signing-key-0003').toString('base64')}`

it('writes the probe in bytes JSON.stringify would not write, for the same event', () => {
  const compact = probeEvent()
  const spaced = spacedEvent(compact)
  expect(JSON.parse(spaced)).toEqual(JSON.parse(compact))
  expect(JSON.stringify(JSON.parse(compact))).toBe(compact)
  expect(JSON.stringify(JSON.parse(spaced))).not.toBe(spaced)
  expect(spaced).toContain('\\u2014')
})

describeLive('webhooks.endpoint: the raw body', () => {
  let web: HttpsTestServer
  let dns: DnsTestServer
  const sites = () => ({
    'hooks.example': {
      routes: {
        '/raw': clerkWebhookRoute(SECRET),
        '/reserialized': clerkWebhookRoute(SECRET, { reserialize: true }),
      },
    },
  })
  beforeAll(async () => {
    web = await startHttpsServer(sites())
    dns = await startDnsServer({
      records: Object.keys(sites()).map((name): FixtureRecord => ({ name, type: 'A', data: web.address })),
    })
  })
  afterAll(async () => {
    await web.close()
    await dns.close()
  })

  const endpoint = async (path: string) => {
    const { results } = await runScenario({
      inputs: {
        environment: 'preview',
        'dns-servers': dns.address,
        'live-checks': 'true',
        'webhook-url': `https://hooks.example${path}`,
      },
      webhookSecret: SECRET,
    })
    return results.find(r => r.id === 'webhooks.endpoint')
  }

  it('passes a handler that verifies the raw body with verifyWebhook', async () => {
    const found = await endpoint('/raw')
    expect(found).toMatchObject({ status: 'pass', evidence: { signed: 200, respaced: 200, randomlySigned: 400 } })
  })

  it('fails a handler that verifies JSON.stringify(await req.json()), which passed before', async () => {
    const found = await endpoint('/reserialized')
    expect(found).toMatchObject({ status: 'fail', evidence: { signed: 200, respaced: 400 } })
    expect(found?.message).toContain('verifies a re-serialized body')
    expect(found?.fix).toContain('await req.text()')
    expect(found?.fix).toContain('verifyWebhook(req)')
  })

  it('fails it through the bundled action', async () => {
    const run = await runAction({
      inputs: {
        environment: 'preview',
        'dns-servers': dns.address,
        'webhook-url': 'https://hooks.example/reserialized',
        'webhook-signing-secret': SECRET,
        phase: 'after-deploy',
      },
    })
    expect(run.report?.checks.find(c => c.id === 'webhooks.endpoint')?.status).toBe('fail')
    expect(run.code).toBe(1)
  })
})
