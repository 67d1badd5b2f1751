import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { startDnsServer, type DnsTestServer } from '../test-support/dns-server.js'
import { httpsUnavailable, page, startHttpsServer, type HttpsTestServer } from '../test-support/https-server.js'
import { PK_LIVE, PK_TEST, SK_TEST } from '../test-support/keys.js'
import { leakedSlices, runAction, visibleLog, type ActionRun } from '../test-support/run-action.js'

/**
 * Where the run's secrets go, through the bundled action, as a pull request's author and a hostile server would try
 * it: the configuration file is the pull request's, the app and every host it names record what they were sent.
 */
const unavailable = await httpsUnavailable()
const describeLive = unavailable ? describe.skip : describe
if (unavailable) console.warn(`secret destinations over HTTPS skipped: ${unavailable}`)

const BYPASS = 'FAKEvercelBYPASSsecret000notreal'
const APP = 'myapp-git-feature-acme.vercel.app'
const EVIL = 'evil.example.net'
const CONFIG = '.github/clerk-preflight.yml'
const PAGE = `<!DOCTYPE html><html><head><script src="/_next/static/chunks/main-9f.js" async=""></script></head><body></body></html>`

/** A deployment_status run of the README's preview gate: checkout of the deployment's commit, the bypass given. */
const deploymentStatus = (targetUrl = `https://${APP}/`) => ({
  eventName: 'deployment_status',
  event: {
    deployment: { environment: 'Preview', sha: 'f00dfeed' },
    deployment_status: { state: 'success', target_url: targetUrl },
  },
})

const everything = (run: ActionRun) =>
  [visibleLog(run.stdout), run.stderr, run.summary, run.reportText, run.outputsFile].join('\n')

describeLive('a secret goes only where the workflow or the event sent it', () => {
  let web: HttpsTestServer
  let dns: DnsTestServer
  beforeAll(async () => {
    const recordAll = page('<html><head><script src="/x.js"></script></head><body>hello</body></html>')
    web = await startHttpsServer({
      [APP]: {
        routes: {
          '/': page(PAGE),
          '/_next/static/chunks/main-9f.js': page(`const k="${PK_TEST}"`, { 'content-type': 'text/javascript' }),
          // An answer that names another host: the bypass must not follow the redirect.
          '/away': (_req, _body, res) => res.writeHead(302, { location: `https://${EVIL}/` }).end(),
          // A preview that echoes the bypass it was sent in 8-character pieces, where the checks quote it.
          '/echo': (req, _body, res) => {
            const sent = String(req.headers['x-vercel-protection-bypass'] ?? '')
            const pieces = sent.match(/.{1,8}/g) ?? []
            res
              .writeHead(200, {
                'content-type': 'text/html',
                'content-security-policy': `default-src 'self'; script-src 'self' ${pieces.map(p => `https://${p}.example`).join(' ')}`,
                'x-clerk-auth-status': 'signed-out',
                'x-clerk-auth-reason': pieces.join(' '),
              })
              .end(`<html><head><title>${pieces.join(' ')}</title></head><body>${pieces.join(' ')}</body></html>`)
          },
        },
      },
      [EVIL]: { routes: { '/': recordAll, '/x.js': recordAll, '/__clerk/v1/environment': recordAll } },
    })
    dns = await startDnsServer({
      records: [APP, EVIL].map(name => ({ name, type: 'A' as const, data: web.address })),
    })
  })
  afterAll(() => Promise.all([web.close(), dns.close()]))

  const carrying = (secret: string) =>
    web.requests
      .filter(r => JSON.stringify([r.path, r.headers, r.body]).includes(secret))
      .map(r => `${r.host}${r.path}`)

  it.each([
    ['url', 'the variable', `url: https://${EVIL}/\n`],
    ['url', 'the input', `url: https://${EVIL}/\n`],
    ['environments.preview.url', 'the variable', `environments:\n  preview:\n    url: https://${EVIL}/\n`],
    ['environments.preview.url', 'the input', `environments:\n  preview:\n    url: https://${EVIL}/\n`],
  ])(
    'a pull request whose file sets %s gets a config failure, and the bypass from %s goes nowhere',
    async (field, from, text) => {
      web.requests.length = 0
      const run = await runAction({
        ...deploymentStatus(),
        inputs: {
          'dns-servers': dns.address,
          'publishable-key': PK_TEST,
          ...(from === 'the input' ? { 'vercel-protection-bypass': BYPASS } : {}),
        },
        env: { CLERK_FAPI_URL: '', ...(from === 'the variable' ? { VERCEL_AUTOMATION_BYPASS_SECRET: BYPASS } : {}) },
        files: { [CONFIG]: text },
      })
      expect(run.code).toBe(1)
      const config = run.report?.checks.find(c => c.id === 'config')
      expect(config).toMatchObject({ subject: CONFIG, status: 'fail', evidence: { field } })
      expect(config?.message).toContain("decides the gate or where data goes, so it is the workflow's alone")
      expect(web.requests.filter(r => r.host === EVIL)).toEqual([])
      expect(carrying(BYPASS)).toEqual([])
      expect(leakedSlices(everything(run), BYPASS)).toEqual([])
    },
  )

  it.each(['http-timeout-ms: 100', 'dns-timeout-ms: 100', 'run-timeout-ms: 10000'])(
    'a pull request cannot blunt the checks with `%s` in its file: a config failure, exit 1',
    async setting => {
      const run = await runAction({
        ...deploymentStatus(),
        inputs: { 'dns-servers': dns.address, 'publishable-key': PK_TEST },
        env: { CLERK_FAPI_URL: '' },
        files: { [CONFIG]: `${setting}\n` },
      })
      expect(run.code).toBe(1)
      const config = run.report?.checks.find(c => c.id === 'config')
      expect(config).toMatchObject({ status: 'fail', evidence: { field: setting.split(':')[0] } })
      expect(run.report?.status).toBe('fail')
    },
  )

  it('sends the bypass and the keys only to the hosts named for them, whatever the file and the answers name', async () => {
    web.requests.length = 0
    // The file may describe the app: its proxy and origins are another host, which is asked, and never sent a secret.
    const run = await runAction({
      ...deploymentStatus(`https://${APP}/`),
      inputs: { 'dns-servers': dns.address, 'publishable-key': PK_TEST, 'secret-key': SK_TEST },
      env: { CLERK_FAPI_URL: '', VERCEL_AUTOMATION_BYPASS_SECRET: BYPASS },
      files: { [CONFIG]: `proxy-url: https://${EVIL}/__clerk\napp-origins: [https://${EVIL}]\n` },
    })
    expect(run.report?.checks.find(c => c.id === 'config')?.status).toBe('pass')
    expect(run.report?.checks.find(c => c.id === 'deploy.publishable-key')?.status).toBe('pass')
    expect(web.requests.some(r => r.host === EVIL)).toBe(true)
    // The page (read by every check that probes it) and its script: the app's origin only.
    expect([...new Set(carrying(BYPASS))].sort()).toEqual([`${APP}/`, `${APP}/_next/static/chunks/main-9f.js`])
    expect(carrying(SK_TEST)).toEqual([])
    // The event's URL redirects to another host: followed, without the bypass.
    web.requests.length = 0
    await runAction({
      ...deploymentStatus(`https://${APP}/away`),
      inputs: { 'dns-servers': dns.address, 'publishable-key': PK_TEST },
      env: { CLERK_FAPI_URL: '', VERCEL_AUTOMATION_BYPASS_SECRET: BYPASS },
    })
    expect(web.requests.map(r => `${r.host}${r.path}`)).toEqual(expect.arrayContaining([`${APP}/away`, `${EVIL}/`]))
    expect([...new Set(carrying(BYPASS))]).toEqual([`${APP}/away`])
    expect(leakedSlices(everything(run), BYPASS)).toEqual([])
  })

  it('takes every 6-character piece of the bypass out of what the app it was sent to answers', async () => {
    // Random-looking, so that no piece of it is a word the action writes anyway.
    const RANDOM = 'FAKEq7XkP2mW9vR4tY8nB3cL6hJ1dF5g'
    const run = await runAction({
      ...deploymentStatus(`https://${APP}/echo`),
      inputs: { 'dns-servers': dns.address, 'publishable-key': PK_TEST, 'check-run': 'false' },
      env: { CLERK_FAPI_URL: '', VERCEL_AUTOMATION_BYPASS_SECRET: RANDOM },
    })
    expect(carrying(RANDOM)).toContain(`${APP}/echo`)
    expect(run.report?.checks.find(c => c.id === 'csp')).toBeDefined()
    expect(pieces(everything(run), RANDOM, 6)).toEqual([])
  })
})

/** Every distinct piece of `length` characters of the secret that the text holds. */
function pieces(text: string, secret: string, length: number): string[] {
  const found = new Set<string>()
  for (let i = 0; i + length <= secret.length; i++) {
    const piece = secret.slice(i, i + length)
    if (text.includes(piece)) found.add(piece)
  }
  return [...found]
}

describe('a request that is not a GET is never sent twice', () => {
  let platform: http.Server
  let platformUrl: string
  const received: string[] = []
  const served = new WeakMap<object, number>()
  beforeAll(async () => {
    // Clerk's Platform API, as a server behind a proxy that drops a kept-alive connection as a request arrives on it:
    // the request may have been acted on.
    platform = http.createServer((req, res) => {
      const before = served.get(req.socket) ?? 0
      served.set(req.socket, before + 1)
      received.push(`${req.method} ${req.url?.replace(/^\/v1\/platform\/applications/, '…')}`)
      if (req.method === 'POST') {
        req.socket.destroy()
        return
      }
      if (req.url === '/v1/platform/applications') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify([
            {
              application_id: 'app_FAKE1',
              name: 'Fake shop',
              instances: [{ instance_id: 'ins_FAKEprod', environment_type: 'production', publishable_key: PK_LIVE }],
            },
          ]),
        )
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          status: 'complete',
          dns: { status: 'complete' },
          ssl: { status: 'complete', required: true },
          mail: { status: 'complete', required: true },
        }),
      )
    })
    await new Promise<void>(resolve => platform.listen(0, '127.0.0.1', resolve))
    platformUrl = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise(resolve => platform.close(resolve)))

  it('asks Clerk to re-check DNS once, when the connection drops as the POST arrives on a kept-alive one', async () => {
    received.length = 0
    const run = await runAction({
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'platform-api-key': 'ak_FAKEplatformKEY000notreal00',
        'live-checks': 'true',
        'clerk-api': 'false',
      },
      env: { CLERK_PLATFORM_API_URL: platformUrl },
    })
    const status = run.report?.checks.find(c => c.id === 'clerk.domain-status')
    expect(status?.evidence).toMatchObject({ rechecked: expect.stringContaining('Clerk could not be asked') })
    expect(received.filter(line => line.startsWith('POST'))).toEqual(['POST …/app_FAKE1/domains/example.com/dns_check'])
  })
})
