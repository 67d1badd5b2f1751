import { execFileSync } from 'node:child_process'
import net from 'node:net'
import { buildPlan } from '../src/settings/plan.js'
import { worstCaseMs } from '../src/checks/worst-case.js'
import { startDnsServer, type FixtureRecord } from '../test-support/dns-server.js'
import { httpsUnavailable, json, page, startHttpsServer } from '../test-support/https-server.js'
import { DEV_HOST, PK_LIVE, PK_TEST } from '../test-support/keys.js'
import { runAction } from '../test-support/run-action.js'
import { clerkZone } from '../test-support/zones.js'

// A production run with every live check on loopback (HTTPS with a throwaway CA, as the tests serve it), and the same
// run with every web peer silent (connections accepted, never answered), against the computed worst case.

export interface LiveFigures {
  skipped?: string
  liveMs?: number
  silentMs?: number
  silentBoundMs?: number
}

const RUNS = 3

export async function measureLive(): Promise<LiveFigures> {
  // The action this spawns trusts the throwaway CA, as in the tests; nothing else does.
  process.env.NODE_EXTRA_CA_CERTS = execFileSync('node', ['test-support/test-ca.mjs'], { encoding: 'utf8' })
  const skipped = await httpsUnavailable()
  if (skipped) return { skipped }
  const env = (social: string[], type: string) =>
    json({
      display_config: { instance_environment_type: type },
      user_settings: { social: Object.fromEntries(social.map(s => [s, { enabled: true }])) },
    })
  const web = await startHttpsServer({
    'clerk.example.com': { routes: { '/v1/environment': env(['oauth_google'], 'production') } },
    'accounts.example.com': {},
    [DEV_HOST]: { routes: { '/v1/environment': env(['oauth_google'], 'development') } },
    'example.com': {
      routes: {
        '/': page(
          `<html><head><script src="/app.js"></script></head><body data-clerk-publishable-key="${PK_LIVE}"></body></html>`,
        ),
        '/app.js': page('console.log(1)', { 'content-type': 'text/javascript' }),
        '/hook': (_req, _body, res) => res.writeHead(400).end(),
      },
    },
  })
  const silentAddress = web.address.replace(/\.(\d+)$/, (_, last: string) => `.${((Number(last) + 100) % 250) + 1}`)
  const sockets = new Set<net.Socket>()
  const silent = net.createServer(socket => {
    sockets.add(socket)
    socket.resume()
  })
  await new Promise<void>(resolve => silent.listen(443, silentAddress, resolve))
  const names = ['clerk.example.com', 'accounts.example.com', DEV_HOST, 'example.com']
  const zone = (address: string): FixtureRecord[] => [
    ...clerkZone('example.com').filter(r => !names.includes(r.name)),
    ...names.map((name): FixtureRecord => ({ name, type: 'A', data: address })),
  ]
  const [answering, quiet] = await Promise.all([
    startDnsServer({ records: zone(web.address) }),
    startDnsServer({ records: zone(silentAddress) }),
  ])
  const inputs = (dns: string) => ({
    environment: 'production',
    'publishable-key': PK_LIVE,
    'dns-servers': dns,
    'authorized-parties': 'https://example.com',
    url: 'https://example.com/',
    'webhook-url': 'https://example.com/hook',
    'development-publishable-key': PK_TEST,
    'clerk-api': 'false',
  })
  const timed = async (dns: string, expectPass: boolean) => {
    const started = performance.now()
    const run = await runAction({ inputs: inputs(dns), env: { CLERK_FAPI_URL: '' }, timeoutMs: 120_000 })
    const elapsed = performance.now() - started
    const live = (run.report?.checks ?? []).filter(c => /^(deploy\.|webhooks\.endpoint|oauth\.)/.test(c.id))
    // A figure is only worth printing for the run it claims to be.
    if (expectPass && (live.length < 6 || live.some(c => c.status !== 'pass')))
      throw new Error(`the live run did not pass its live checks: ${JSON.stringify(live.map(c => [c.id, c.status]))}`)
    return elapsed
  }
  try {
    const live: number[] = []
    for (let i = 0; i < RUNS; i++) live.push(await timed(answering.address, true))
    const silentMs = await timed(quiet.address, false)
    const outcome = buildPlan({
      inputs: inputs(quiet.address),
      env: {},
      clues: {},
      config: { ok: true, loaded: { path: 'x', present: false, config: {}, locate: () => undefined } },
      workspace: '.',
    })
    return {
      liveMs: live.sort((a, b) => a - b)[1],
      silentMs,
      silentBoundMs: outcome.ok ? worstCaseMs(outcome.plan, false) : undefined,
    }
  } finally {
    for (const socket of sockets) socket.destroy()
    await Promise.all([web.close(), answering.close(), quiet.close(), new Promise(r => silent.close(r))])
  }
}
