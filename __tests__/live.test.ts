import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import type { CheckResult } from '../src/report/model.js'
import { startDnsServer, type DnsTestServer, type FixtureRecord } from '../test-support/dns-server.js'
import {
  httpsUnavailable,
  json,
  page,
  startHttpsServer,
  type Handler,
  type HttpsTestServer,
  type Site,
} from '../test-support/https-server.js'
import { DEV_HOST, PK_LIVE, PK_TEST, publishableKey, SK_LIVE } from '../test-support/keys.js'
import { leakedSlices, runAction, visibleLog } from '../test-support/run-action.js'
import { runScenario } from '../test-support/scenario.js'

/**
 * The live checks against real HTTPS on loopback: a test zone maps every name to the HTTPS stand-in's address, the
 * stand-in answers each name with its own certificate (SNI) from the throwaway test CA, and the product trusts that CA
 * through NODE_EXTRA_CA_CERTS, as `npm test` sets it.
 */
const unavailable = await httpsUnavailable()
const describeLive = unavailable ? describe.skip : describe
if (unavailable) console.warn(`live checks over HTTPS skipped: ${unavailable}`)

const WEBHOOK_SECRET = `whsec_${Buffer.from('clerk-preflight-fake-signing-key-0001').toString('base64')}`
const OTHER_SECRET = `whsec_${Buffer.from('clerk-preflight-fake-signing-key-0002').toString('base64')}`
const OTHER_LIVE = publishableKey('live', 'clerk.other-shop.com')
const STRIPE_LIKE = 'pk_live_51FAKEstripeKEY000000000000000000000000000000000000notreal'

const social = (...strategies: string[]) =>
  Object.fromEntries(strategies.map(s => [s, { enabled: true, strategy: s, required: false, authenticatable: true }]))

const environment = (type: 'production' | 'development', strategies: string[]) =>
  json({
    display_config: { instance_environment_type: type, application_name: 'Fake shop' },
    user_settings: { social: social(...strategies), attributes: { passkey: { enabled: false } } },
  })

/** A webhook handler as Clerk's guide writes one: verify, then act on the types it knows, 200 for the rest. */
function verifyingWebhook(secret: string): Handler {
  const verifier = new Webhook(secret)
  return (req, body, res) => {
    try {
      verifier.verify(body, {
        'webhook-id': String(req.headers['svix-id'] ?? ''),
        'webhook-timestamp': String(req.headers['svix-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['svix-signature'] ?? ''),
      })
    } catch {
      res.writeHead(400).end('Error: could not verify webhook')
      return
    }
    res.writeHead(200).end('ok')
  }
}

const NEXT_APP_ROUTER = `<!DOCTYPE html><html><head><script src="/_next/static/chunks/webpack-1a2b.js" async=""></script></head><body>
<script>self.__next_f.push([1,"3:I[\\"(app-pages-browser)/./node_modules/@clerk/nextjs/dist/esm/app-router/client/ClerkProvider.js\\",[\\"app/layout\\",\\"static/chunks/app/layout.js\\"],\\"ClientClerkProvider\\"]\\n4:[\\"$\\",\\"$L3\\",null,{\\"publishableKey\\":\\"${PK_LIVE}\\",\\"proxyUrl\\":\\"\\",\\"domain\\":\\"\\",\\"isSatellite\\":false,\\"signInUrl\\":\\"\\"}]\\n"])</script>
</body></html>`

const VITE_PAGE = `<!doctype html><html><head><script type="module" crossorigin src="/assets/index-DiwrgTda.js"></script><link rel="modulepreload" href="/assets/vendor-x1.js"></head><body><div id="root"></div></body></html>`
const VITE_BUNDLE = `const Yv="${PK_TEST}";function Zc(){return Mm({publishableKey:Yv,afterSignOutUrl:"/"})}`

function endless(): Handler {
  return (_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    const chunk = `<!-- ${'x'.repeat(64 * 1024)} -->`
    const pump = () => {
      while (res.write(chunk)) {
        /* fill the buffer */
      }
    }
    res.on('drain', pump)
    res.on('close', () => res.off('drain', pump))
    pump()
  }
}

function appSites(): Record<string, Site> {
  return {
    'clerk.example.com': { routes: { '/v1/environment': environment('production', ['oauth_google', 'oauth_github']) } },
    'accounts.example.com': { routes: { '/': page('<title>Account Portal</title>') } },
    [DEV_HOST]: {
      routes: { '/v1/environment': environment('development', ['oauth_google', 'oauth_github', 'oauth_discord']) },
    },
    'example.com': {
      routes: {
        '/': page(NEXT_APP_ROUTER),
        '/_next/static/chunks/webpack-1a2b.js': page('/* webpack runtime */', { 'content-type': 'text/javascript' }),
        '/vite': page(VITE_PAGE),
        '/assets/index-DiwrgTda.js': page(VITE_BUNDLE, { 'content-type': 'text/javascript' }),
        '/assets/vendor-x1.js': page('export const react = 1', { 'content-type': 'text/javascript' }),
        '/plain': page(
          `<html><body><script data-clerk-publishable-key="${OTHER_LIVE}" src="https://cdn.jsdelivr.net/npm/@clerk/clerk-js@5/dist/clerk.browser.js"></script></body></html>`,
        ),
        '/stripe': page(`<html><body><script>Stripe("${STRIPE_LIKE}")</script></body></html>`),
        '/broken': page('<h1>Bad gateway</h1>', {}, 503),
        '/csp': page('app', {
          'content-security-policy': [
            "default-src 'self'",
            "script-src 'self' https://clerk.billing.example https://challenges.cloudflare.com https://*.protect.clerk.com",
            "connect-src 'self' https://clerk.billing.example https://*.protect.clerk.com:*",
            "img-src 'self' https://img.clerk.com",
            "worker-src 'self' blob:",
            "style-src 'self' 'unsafe-inline'",
            'frame-src https://challenges.cloudflare.com https://*.protect.clerk.com',
          ].join('; '),
        }),
        '/loop': (_req, _body, res) => res.writeHead(302, { location: '/loop' }).end(),
        '/ftp': (_req, _body, res) => res.writeHead(302, { location: 'ftp://example.com/' }).end(),
        '/endless': endless(),
        '/__clerk/v1/environment': environment('production', ['oauth_google']),
        '/api/webhooks/clerk': verifyingWebhook(WEBHOOK_SECRET),
        '/api/open': (_req, _body, res) => res.writeHead(200).end('ok'),
        '/api/protected': (_req, _body, res) => res.writeHead(401).end('Unauthorized'),
        '/api/moved': (_req, _body, res) => res.writeHead(308, { location: '/api/webhooks/clerk' }).end(),
        '/api/crash': (_req, _body, res) => res.writeHead(500).end('Internal Server Error'),
        '/api/crash-on-events': (req, body, res) => {
          if (req.headers['svix-signature']) res.writeHead(500).end('TypeError: cannot read properties of undefined')
          else res.writeHead(400).end('missing headers')
        },
      },
    },
    // Hosts whose certificates go wrong, one way each.
    'clerk.soon.example': { certificate: { days: 7 } },
    'accounts.soon.example': { certificate: { days: 7 } },
    'clerk.expired.example': { certificate: 'expired' },
    'accounts.expired.example': {},
    'clerk.misnamed.example': { certificate: 'wrong-name' },
    'accounts.misnamed.example': {},
    'clerk.selfsigned.example': { certificate: 'self-signed' },
    'accounts.selfsigned.example': {},
    'clerk.nogoogle.example': { routes: { '/v1/environment': environment('production', ['oauth_github']) } },
    'liar-owl-00.clerk.accounts.dev': { routes: { '/v1/environment': environment('production', []) } },
    'clerk.billing.example': {
      routes: {
        '/v1/environment': json({
          display_config: { instance_environment_type: 'production' },
          commerce_settings: { billing: { enabled: true } },
        }),
      },
    },
    'clerk.badjson.example': { routes: { '/v1/environment': page('<html>a parking page</html>') } },
    'tunnel.example.net': { routes: { '/api/webhooks/clerk': verifyingWebhook(WEBHOOK_SECRET) } },
    'expired-app.example': { certificate: 'expired', routes: { '/': page('app') } },
  }
}

describeLive('live checks, over HTTPS on loopback', () => {
  let web: HttpsTestServer
  let dns: DnsTestServer
  let silent: net.Server
  const silentSockets = new Set<net.Socket>()
  let silentAddress: string
  let platform: http.Server
  let platformUrl: string
  const platformRequests: string[] = []

  beforeAll(async () => {
    web = await startHttpsServer(appSites())
    // Accepts connections and never speaks TLS: a handshake that never ends.
    silent = net.createServer(socket => {
      silentSockets.add(socket)
      socket.on('close', () => silentSockets.delete(socket))
      socket.resume()
    })
    silentAddress = web.address.replace(/\.(\d+)$/, (_, last) => `.${((Number(last) + 100) % 250) + 1}`)
    await new Promise<void>(resolve => silent.listen(443, silentAddress, resolve))
    const records: FixtureRecord[] = [
      ...Object.keys(appSites()).map((name): FixtureRecord => ({ name, type: 'A', data: web.address })),
      { name: 'clerk.silent.example', type: 'A', data: silentAddress },
      { name: 'accounts.silent.example', type: 'A', data: web.address },
      // Nothing listens on this address.
      { name: 'clerk.refused.example', type: 'A', data: silentAddress.replace(/\.(\d+)$/, '.254') },
      { name: 'accounts.refused.example', type: 'A', data: web.address },
    ]
    dns = await startDnsServer({ records })
    platform = http.createServer((req, res) => {
      platformRequests.push(
        `${req.method} ${req.url} ${req.headers.authorization === 'Bearer ak_FAKEplatformKEY000notreal00' ? 'authorized' : 'refused'}`,
      )
      if (req.headers.authorization !== 'Bearer ak_FAKEplatformKEY000notreal00') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":"authentication_invalid"}]}')
        return
      }
      const routes: Record<string, unknown> = {
        '/v1/platform/applications': [
          {
            application_id: 'app_FAKE1',
            name: 'Fake shop',
            instances: [
              { instance_id: 'ins_FAKEdev', environment_type: 'development', publishable_key: PK_TEST },
              { instance_id: 'ins_FAKEprod', environment_type: 'production', publishable_key: PK_LIVE },
            ],
          },
        ],
        '/v1/platform/applications/app_FAKE1/instances/ins_FAKEprod/config': {
          connection_oauth_google: {
            enabled: true,
            client_id: 'fake.apps.googleusercontent.com',
            client_secret: 'FAKE',
          },
          connection_oauth_github: { enabled: true, client_id: '', client_secret: '' },
        },
        '/v1/platform/applications/app_FAKE1/domains/example.com/status': {
          status: 'incomplete',
          dns: { status: 'complete' },
          ssl: { status: 'pending', required: true },
          mail: { status: 'complete', required: true },
        },
      }
      const body = routes[req.url ?? '']
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}))
    })
    await new Promise<void>(resolve => platform.listen(0, '127.0.0.1', resolve))
    platformUrl = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    for (const socket of silentSockets) socket.destroy()
    await Promise.all([
      web.close(),
      dns.close(),
      new Promise(resolve => silent.close(resolve)),
      new Promise(resolve => platform.close(resolve)),
    ])
  })

  const live = async (
    inputs: Record<string, string>,
    extra: { key?: string; webhookSecret?: string; platformApiKey?: string; secretKey?: string } = {},
  ) =>
    (
      await runScenario({
        inputs: {
          environment: 'production',
          'dns-servers': dns.address,
          'live-checks': 'auto',
          'http-timeout-ms': '1500',
          ...inputs,
        },
        env: {
          CLERK_PUBLISHABLE_KEY: extra.key ?? PK_LIVE,
          CLERK_FAPI_URL: '',
          CLERK_PLATFORM_API_URL: platformUrl,
        },
        webhookSecret: extra.webhookSecret,
        platformApiKey: extra.platformApiKey,
        secretKey: extra.secretKey,
      })
    ).results
  const of = (results: CheckResult[], id: string) => results.filter(r => r.id === id)

  describe('deploy.certificates', () => {
    it('passes trusted certificates for clerk. and accounts., with issuer and expiry', async () => {
      const results = of(await live({}), 'deploy.certificates')
      expect(results.map(r => [r.subject, r.status])).toEqual([
        ['clerk.example.com', 'pass'],
        ['accounts.example.com', 'pass'],
      ])
      expect(results[0]?.evidence).toMatchObject({ issuer: 'clerk-preflight throwaway test CA', daysLeft: 89 })
    })

    it.each([
      ['soon.example', 'warn', 'expires in 6 days'],
      ['expired.example', 'fail', 'expired on'],
      ['misnamed.example', 'fail', 'not for clerk.misnamed.example'],
      ['selfsigned.example', 'fail', 'not trusted (DEPTH_ZERO_SELF_SIGNED_CERT'],
      ['refused.example', 'fail', 'refused the connection'],
      ['silent.example', 'fail', 'did not answer within 1500 ms'],
    ])('judges clerk.%s: %s', async (domain, status, text) => {
      const [r] = of(await live({ domain }, { key: publishableKey('live', `clerk.${domain}`) }), 'deploy.certificates')
      expect(r).toMatchObject({ subject: `clerk.${domain}`, status })
      expect(r?.message).toContain(text)
      if (status === 'fail') expect(r?.fix).toContain('Deploy certificates')
    })

    it('is skipped on a shared domain, where Clerk has no hosts of its own (vercel.app: the auto-proxy)', async () => {
      const [r] = of(await live({}, { key: publishableKey('live', 'clerk.myapp.vercel.app') }), 'deploy.certificates')
      expect(r).toMatchObject({ subject: 'myapp.vercel.app', status: 'skip' })
    })

    it('is skipped for a development instance and with live-checks false', async () => {
      expect(of(await live({ environment: 'development' }, { key: PK_TEST }), 'deploy.certificates')[0]?.status).toBe(
        'skip',
      )
      expect(of(await live({ 'live-checks': 'false' }), 'deploy.certificates')[0]?.message).toContain(
        'live-checks is false',
      )
    })
  })

  describe('deploy.frontend-api', () => {
    it("passes when the Frontend API answers for the key's instance type", async () => {
      expect(of(await live({}), 'deploy.frontend-api')[0]).toMatchObject({
        subject: 'clerk.example.com',
        status: 'pass',
        evidence: { instanceEnvironmentType: 'production' },
      })
    })

    it('fails in production when it answers with something that is not JSON, or not at all', async () => {
      const [notJson] = of(
        await live({ domain: 'badjson.example' }, { key: publishableKey('live', 'clerk.badjson.example') }),
        'deploy.frontend-api',
      )
      expect(notJson).toMatchObject({ status: 'fail' })
      expect(notJson?.message).toContain('not JSON')
      const [refused] = of(
        await live({ domain: 'refused.example' }, { key: publishableKey('live', 'clerk.refused.example') }),
        'deploy.frontend-api',
      )
      expect(refused).toMatchObject({ status: 'fail' })
      expect(refused?.fix).toContain('Deploy certificates')
    })
  })

  describe('deploy.frontend-api, outside production', () => {
    it("passes a development instance's Frontend API, warns when it is unreachable, and fails one that says production", async () => {
      const ask = async (host: string) =>
        of(
          await live({ environment: 'preview', url: 'https://example.com/' }, { key: publishableKey('test', host) }),
          'deploy.frontend-api',
        )[0]
      expect(await ask(DEV_HOST)).toMatchObject({ subject: DEV_HOST, status: 'pass' })
      const away = await ask('nobody-home-00.clerk.accounts.dev')
      expect(away).toMatchObject({ status: 'warn' })
      expect(away?.message).toContain('has no address record')
      expect(await ask('liar-owl-00.clerk.accounts.dev')).toMatchObject({ status: 'fail' })
    })

    it('does not probe a preview with live-checks auto and no url, and skips without a key', async () => {
      expect(of(await live({ environment: 'preview' }, { key: PK_TEST }), 'deploy.frontend-api')[0]?.message).toContain(
        'live-checks auto',
      )
      expect(of(await live({}, { key: 'pk_live_' }), 'deploy.frontend-api')[0]?.status).toBe('skip')
    })
  })

  describe('deploy.publishable-key', () => {
    const shipped = async (path: string, environment = 'production', key = PK_LIVE) =>
      of(await live({ url: `https://example.com${path}`, environment }, { key }), 'deploy.publishable-key')[0]

    it('finds the key in a Next.js App Router page (RSC payload, escaped quotes) and passes it', async () => {
      const r = await shipped('/')
      expect(r).toMatchObject({ subject: 'https://example.com/', status: 'pass' })
      expect(r?.message).toContain('found in https://example.com/')
    })

    it('fails a Vite bundle that inlined the development key into production, naming the script', async () => {
      const r = await shipped('/vite')
      expect(r?.status).toBe('fail')
      expect(r?.message).toContain('ships a pk_test_ key of a development instance')
      expect(r?.message).toContain('https://example.com/assets/index-DiwrgTda.js')
      expect(r?.fix).toContain("hosting provider's environment variables")
      expect(r?.fix).toContain('redeploy')
    })

    it('fails a page whose attribute holds another instance’s key', async () => {
      const r = await shipped('/plain')
      expect(r?.status).toBe('fail')
      expect(r?.message).toContain('the deployed app was built with another key')
      expect(r?.message).toContain('clerk.other-shop.com')
    })

    it('never passes when it finds no Clerk key: a Stripe key is not one', async () => {
      expect(await shipped('/stripe')).toMatchObject({ status: 'warn' })
      expect(await shipped('/stripe', 'preview', PK_TEST)).toMatchObject({ status: 'skip' })
    })

    it('is an error for a 5xx page, a redirect loop, a redirect off http(s), and an untrusted certificate', async () => {
      expect((await shipped('/broken'))?.message).toContain('answered 503')
      expect((await shipped('/loop'))?.message).toContain('redirects more than 5 times')
      expect((await shipped('/ftp'))?.message).toContain('redirects to a ftp: URL, which is not followed')
      const [tlsFailure] = of(await live({ url: 'https://expired-app.example/' }), 'deploy.publishable-key')
      expect(tlsFailure).toMatchObject({ status: 'error' })
      expect(tlsFailure?.message).toContain('CERT_HAS_EXPIRED')
    })

    it("reads the page once for csp and itself, and its script down the page's connection", async () => {
      const requests = web.requests.length
      const connections = web.connections.length
      const results = await live({ url: 'https://example.com/' })
      expect(of(results, 'deploy.publishable-key')[0]?.status).toBe('pass')
      expect(of(results, 'csp')[0]?.status).toBe('pass')
      const asked = web.requests.slice(requests).filter(r => r.host === 'example.com')
      expect(asked.map(r => r.path)).toEqual(['/', '/_next/static/chunks/webpack-1a2b.js'])
      expect(web.connections.slice(connections).filter(name => name === 'example.com')).toEqual(['example.com'])
    })

    it('reads an endless page only up to its bound', async () => {
      const started = Date.now()
      expect(await shipped('/endless')).toMatchObject({ status: 'warn' })
      expect(Date.now() - started).toBeLessThan(10_000)
    })
  })

  it("csp asks the public Frontend API what is on when the live checks run: Billing's Stripe hosts, without a secret key", async () => {
    const [r] = of(
      await live(
        { url: 'https://example.com/csp', domain: 'billing.example' },
        { key: publishableKey('live', 'clerk.billing.example') },
      ),
      'csp',
    )
    expect(r).toMatchObject({ status: 'fail', evidence: { instanceFeatures: { known: { billing: true } } } })
    expect(r?.fix).toContain('Add to `script-src`: `https://js.stripe.com`')
  })

  describe('oauth.providers', () => {
    it('fails a connection enabled in development and missing in production, with the redirect URI to register', async () => {
      const results = of(await live({ 'development-publishable-key': PK_TEST }), 'oauth.providers')
      expect(results.map(r => [r.subject, r.status])).toEqual([
        ['oauth_google', 'pass'],
        ['oauth_github', 'pass'],
        ['oauth_discord', 'fail'],
      ])
      expect(results[2]?.fix).toContain('`https://clerk.example.com/v1/oauth_callback`')
      expect(results[0]?.message).toContain('without platform-api-key')
    })

    it('with a Platform API key, fails an enabled connection without its own credentials, as `clerk deploy status` does', async () => {
      const results = of(
        await live({ 'development-publishable-key': PK_TEST }, { platformApiKey: 'ak_FAKEplatformKEY000notreal00' }),
        'oauth.providers',
      )
      expect(results.map(r => [r.subject, r.status])).toEqual([
        ['oauth_google', 'pass'],
        ['oauth_github', 'fail'],
        ['oauth_discord', 'fail'],
      ])
      expect(results[1]?.message).toContain('without its own credentials')
      expect(results[0]?.fix).toBeUndefined()
      expect(platformRequests.every(r => r.endsWith('authorized'))).toBe(true)
    })

    it('names the Google consent screen, and gives the proxy’s redirect URI when there is one', async () => {
      const [google] = of(
        await live(
          { 'development-publishable-key': PK_TEST, domain: 'nogoogle.example' },
          { key: publishableKey('live', 'clerk.nogoogle.example') },
        ),
        'oauth.providers',
      )
      expect(google).toMatchObject({ subject: 'oauth_google', status: 'fail' })
      expect(google?.fix).toContain('`https://clerk.nogoogle.example/v1/oauth_callback`')
      expect(google?.fix).toContain('"In production"')
      const proxied = of(
        await live({ 'development-publishable-key': PK_TEST, 'proxy-url': 'https://example.com/__clerk' }),
        'oauth.providers',
      )
      expect(proxied.find(r => r.status === 'fail')?.fix).toContain('`https://example.com/__clerk/v1/oauth_callback`')
    })

    it('skips without a development key, and is an error when a Frontend API cannot be read', async () => {
      expect(of(await live({}), 'oauth.providers')[0]?.message).toContain('development-publishable-key')
      const [unread] = of(
        await live(
          { 'development-publishable-key': PK_TEST, domain: 'badjson.example' },
          { key: publishableKey('live', 'clerk.badjson.example') },
        ),
        'oauth.providers',
      )
      expect(unread).toMatchObject({ status: 'error' })
      expect(unread?.message).toContain("production instance's Frontend API could not be read")
    })
  })

  describe('clerk.domain-status', () => {
    it("fails when Clerk's own status of the domain is incomplete, naming the part", async () => {
      const [r] = of(await live({}, { platformApiKey: 'ak_FAKEplatformKEY000notreal00' }), 'clerk.domain-status')
      expect(r).toMatchObject({ subject: 'example.com', status: 'fail', evidence: { ssl: 'pending' } })
      expect(r?.message).toContain('SSL pending')
    })

    it('is an error when no application has this key, and a skip outside production', async () => {
      const [unknown] = of(
        await live(
          { domain: 'soon.example' },
          { key: publishableKey('live', 'clerk.soon.example'), platformApiKey: 'ak_FAKEplatformKEY000notreal00' },
        ),
        'clerk.domain-status',
      )
      expect(unknown).toMatchObject({ status: 'error' })
      expect(unknown?.message).toContain('none of the 1 applications')
      const [preview] = of(
        await live(
          { environment: 'preview', url: 'https://example.com/' },
          { key: PK_TEST, platformApiKey: 'ak_FAKEplatformKEY000notreal00' },
        ),
        'clerk.domain-status',
      )
      expect(preview?.status).toBe('skip')
      const [unlisted] = of(
        await live({ domain: 'unlisted.example' }, { platformApiKey: 'ak_FAKEplatformKEY000notreal00' }),
        'clerk.domain-status',
      )
      expect(unlisted).toMatchObject({ status: 'error' })
      expect(unlisted?.message).toContain('answered 404')
    })

    it('is an error when the Platform API refuses the key, and a skip without one', async () => {
      const [refused] = of(await live({}, { platformApiKey: 'ak_FAKEwrongKEY0000notreal00' }), 'clerk.domain-status')
      expect(refused).toMatchObject({ status: 'error' })
      expect(refused?.message).toContain('401')
      expect(JSON.stringify(refused)).not.toContain('ak_FAKEwrongKEY')
      expect(of(await live({}), 'clerk.domain-status')[0]?.status).toBe('skip')
    })
  })

  describe('webhooks.endpoint', () => {
    const probe = async (path: string, secret?: string, host = 'example.com') =>
      of(await live({ 'webhook-url': `https://${host}${path}` }, { webhookSecret: secret }), 'webhooks.endpoint')[0]

    it("passes an endpoint that refuses unsigned events and accepts this environment's signature (checked by standardwebhooks)", async () => {
      const r = await probe('/api/webhooks/clerk', WEBHOOK_SECRET)
      expect(r).toMatchObject({ status: 'pass', evidence: { unsigned: 400, signed: 200 } })
    })

    it("fails an endpoint that verifies with another secret: usually the development instance's", async () => {
      const r = await probe('/api/webhooks/clerk', OTHER_SECRET)
      expect(r).toMatchObject({ status: 'fail', evidence: { unsigned: 400, signed: 400 } })
      expect(r?.message).toContain('verifies with another secret')
      expect(JSON.stringify(r)).not.toContain(OTHER_SECRET.slice(6, 20))
    })

    it.each([
      ['/api/open', 'accepts any request'],
      ['/api/missing', 'no handler is deployed at this URL'],
      ['/api/protected', 'authentication middleware in front of it'],
    ])('fails %s', async (path, text) => {
      const r = await probe(path, WEBHOOK_SECRET)
      expect(r?.status).toBe('fail')
      expect(r?.message).toContain(text)
    })

    it.each([
      ['/api/moved', 'fail', 'a redirect elsewhere'],
      ['/api/crash', 'warn', 'by failing rather than with a 4xx'],
      ['/api/crash-on-events', 'warn', 'it should answer 2xx and ignore it'],
    ])('judges %s: %s', async (path, status, text) => {
      const r = await probe(path, WEBHOOK_SECRET)
      expect(r?.status).toBe(status)
      expect(r?.message).toContain(text)
    })

    it('fails an endpoint that cannot be reached, and skips without webhook-url', async () => {
      const r = await probe('/api/webhooks/clerk', WEBHOOK_SECRET, 'clerk.refused.example')
      expect(r?.status).toBe('fail')
      expect(r?.message).toContain('refused the connection')
      expect(of(await live({}), 'webhooks.endpoint')[0]?.status).toBe('skip')
    })

    it('warns about a production endpoint off the production domain, and passes without a secret with a note', async () => {
      const tunnel = await probe('/api/webhooks/clerk', WEBHOOK_SECRET, 'tunnel.example.net')
      expect(tunnel?.status).toBe('warn')
      expect(tunnel?.message).toContain('is not on example.com')
      const unsignedOnly = await probe('/api/webhooks/clerk')
      expect(unsignedOnly?.status).toBe('pass')
      expect(unsignedOnly?.message).toContain('was not checked')
    })

    it('never sends the signing secret, only a signature', async () => {
      const before = web.requests.length
      await probe('/api/webhooks/clerk', WEBHOOK_SECRET)
      const sent = web.requests.slice(before).filter(r => r.method === 'POST')
      expect(sent).toHaveLength(2)
      expect(JSON.stringify(sent)).not.toContain(WEBHOOK_SECRET.slice(6))
      expect(sent.find(r => r.headers['svix-signature'])?.headers['svix-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/)
    })
  })

  it('runs the bundled action in production with every live check on loopback, trusting the CA through NODE_EXTRA_CA_CERTS', async () => {
    const run = await runAction({
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'secret-key': SK_LIVE,
        'dns-servers': dns.address,
        'authorized-parties': 'https://example.com',
        url: 'https://example.com/',
        'webhook-url': 'https://example.com/api/webhooks/clerk',
        'webhook-signing-secret': WEBHOOK_SECRET,
        'development-publishable-key': PK_TEST,
        'platform-api-key': 'ak_FAKEplatformKEY000notreal00',
        'clerk-api': 'false',
        'http-timeout-ms': '2000',
      },
      env: { CLERK_FAPI_URL: '', CLERK_PLATFORM_API_URL: platformUrl },
    })
    const status = (id: string) => run.report?.checks.filter(c => c.id === id).map(c => `${c.subject} ${c.status}`)
    expect(status('deploy.certificates')).toEqual(['clerk.example.com pass', 'accounts.example.com pass'])
    expect(status('deploy.frontend-api')).toEqual(['clerk.example.com pass'])
    expect(status('deploy.publishable-key')).toEqual(['https://example.com/ pass'])
    expect(status('webhooks.endpoint')).toEqual(['https://example.com/api/webhooks/clerk pass'])
    expect(status('oauth.providers')).toEqual(['oauth_google pass', 'oauth_github fail', 'oauth_discord fail'])
    expect(status('clerk.domain-status')).toEqual(['example.com fail'])
    // What the runner shows once its masks are applied, and every file the action wrote.
    const everything = [visibleLog(run.stdout), run.stderr, run.summary, run.reportText, run.outputsFile].join('\n')
    expect(leakedSlices(everything, 'ak_FAKEplatformKEY000notreal00')).toEqual([])
    expect(leakedSlices(everything, WEBHOOK_SECRET)).toEqual([])
    expect(run.stdout).toContain('::add-mask::ak_FAKEplatformKEY000notreal00')
  })
})

describe('finding shipped keys (pure)', () => {
  it('reads each key once, not inside a longer word, and scripts and module preloads of the same origin only', async () => {
    const { findPublishableKeys, sameOriginScripts } = await import('../src/web/shipped-keys.js')
    const other = publishableKey('live', 'clerk.a-b.example.com')
    expect(
      findPublishableKeys(`${JSON.stringify({ other })} "${other}" x${PK_LIVE}`).map(k => k.parsed.frontendApi),
    ).toEqual(['clerk.a-b.example.com'])
    const html = `<script src="/a.js"></script><script src='https://cdn.example.net/b.js'></script><script src=/c.js?v=1&amp;x=2#h></script>
      <link rel="stylesheet" href="/s.css"><link rel="modulepreload" href="/d.js"><script>inline()</script><script src="javascript:void(0)"></script><script src="/a.js"></script>`
    expect(sameOriginScripts(html, 'https://example.com/page')).toEqual([
      'https://example.com/a.js',
      'https://example.com/c.js?v=1&x=2',
      'https://example.com/d.js',
    ])
  })
})
