import { spawn, spawnSync } from 'node:child_process'
import net from 'node:net'
import { DnsClient } from '../src/dns/client.js'
import { HttpClient } from '../src/web/http-client.js'
import { buildPlan } from '../src/settings/plan.js'
import { worstCaseMs } from '../src/runner/worst-case.js'
import { startDnsServer, type FixtureRecord } from '../test-support/dns-server.js'
import { httpsUnavailable, json, page, startHttpsServer } from '../test-support/https-server.js'
import { DEV_HOST, PK_LIVE, PK_TEST } from '../test-support/keys.js'
import { runAction } from '../test-support/run-action.js'
import { clerkZone } from '../test-support/zones.js'

// A production run with every live check on loopback (HTTPS with a throwaway CA, as the tests serve it), against its
// critical path: the run's start, then the longest chain of dependent exchanges (the page's address, a TLS handshake,
// the page, its script down the same connection), measured alone with the action's own HTTP client. The same run with
// every web peer silent (connections accepted, never answered), against the computed worst case. The peer: TLS to the
// hosts the run shakes hands with, by the action's client and by `openssl s_client` run in parallel.

export interface LiveFigures {
  skipped?: string
  liveMs?: number
  /** Medians of RUNS: the chain alone, and the TLS handshakes by the action's client and by openssl. */
  chainMs?: number
  tlsMs?: number
  opensslMs?: number
  silentMs?: number
  silentBoundMs?: number
}

const HANDSHAKE_HOSTS = ['example.com', 'clerk.example.com', 'accounts.example.com']

const RUNS = Number(process.env.LIVE_RUNS ?? 5)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

export async function measureLive(): Promise<LiveFigures> {
  // npm run bench trusts the throwaway CA (NODE_EXTRA_CA_CERTS), as npm test does: this process and the action it spawns.
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
    // A figure is only worth printing for the run it claims to be: the live checks pass, but those that need what this
    // run does not give (protected paths, a proxy, satellites) and skip.
    if (
      expectPass &&
      (live.filter(c => c.status === 'pass').length < 6 || live.some(c => !['pass', 'skip'].includes(c.status)))
    )
      throw new Error(`the live run did not pass its live checks: ${JSON.stringify(live.map(c => [c.id, c.status]))}`)
    return elapsed
  }
  /** The chain alone, with a client of its own: an address, a handshake, the page, its script on that connection. */
  const chain = async () => {
    const started = performance.now()
    const http = new HttpClient({
      dns: new DnsClient([answering.address], 5000),
      resolveThroughDns: true,
      timeoutMs: 5000,
    })
    const page = await http.request('https://example.com/', { maxBytes: 2 ** 21 })
    const script = await http.request('https://example.com/app.js', { maxBytes: 2 ** 21 })
    if (!page.ok || !script.ok) throw new Error('the chain alone did not get its page and script')
    return performance.now() - started
  }
  const handshakes = async () => {
    const started = performance.now()
    const http = new HttpClient({
      dns: new DnsClient([answering.address], 5000),
      resolveThroughDns: true,
      timeoutMs: 5000,
    })
    const results = await Promise.all(HANDSHAKE_HOSTS.map(host => http.handshake(host)))
    if (results.some(r => !r.ok)) throw new Error('a handshake failed')
    return performance.now() - started
  }
  const openssl = async () => {
    const started = performance.now()
    await Promise.all(
      HANDSHAKE_HOSTS.map(
        host =>
          new Promise(resolve =>
            spawn('openssl', ['s_client', '-connect', `${web.address}:443`, '-servername', host], {
              stdio: ['ignore', 'ignore', 'ignore'],
            }).on('close', resolve),
          ),
      ),
    )
    return performance.now() - started
  }
  const withOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0
  try {
    const live: number[] = []
    const chains: number[] = []
    const tls: number[] = []
    const peers: number[] = []
    for (let i = 0; i < RUNS; i++) {
      live.push(await timed(answering.address, true))
      chains.push(await chain())
      tls.push(await handshakes())
      if (withOpenssl) peers.push(await openssl())
    }
    const silentMs = await timed(quiet.address, false)
    const outcome = buildPlan({
      inputs: inputs(quiet.address),
      env: {},
      clues: {},
      config: { ok: true, loaded: { path: 'x', present: false, config: {}, locate: () => undefined } },
      workspace: '.',
    })
    return {
      liveMs: median(live),
      chainMs: median(chains),
      tlsMs: median(tls),
      ...(withOpenssl ? { opensslMs: median(peers) } : {}),
      silentMs,
      silentBoundMs: outcome.ok ? worstCaseMs(outcome.plan, false) : undefined,
    }
  } finally {
    for (const socket of sockets) socket.destroy()
    await Promise.all([web.close(), answering.close(), quiet.close(), new Promise(r => silent.close(r))])
  }
}
