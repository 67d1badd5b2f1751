import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import type { CheckResult } from '../src/report/model.js'
import { startDnsServer, type DnsTestServer, type FixtureRecord } from './dns-server.js'
import {
  httpsUnavailable,
  json,
  page,
  startHttpsServer,
  type Handler,
  type HttpsTestServer,
  type Site,
} from './https-server.js'
import { DEV_HOST, PK_LIVE, PK_TEST, publishableKey } from './keys.js'
import { runScenario } from './scenario.js'

/**
 * The live checks against real HTTPS on loopback: a test zone maps every name to the HTTPS stand-in's address, the
 * stand-in answers each name with its own certificate (SNI) from the throwaway test CA, and the product trusts that CA
 * through NODE_EXTRA_CA_CERTS, as `npm test` sets it.
 */
export const unavailable = await httpsUnavailable()
export const describeLive = unavailable ? describe.skip : describe
if (unavailable) console.warn(`live checks over HTTPS skipped: ${unavailable}`)

export const WEBHOOK_SECRET = `whsec_${Buffer.from('clerk-preflight-fake-signing-key-0001').toString('base64')}`
export const OTHER_SECRET = `whsec_${Buffer.from('clerk-preflight-fake-signing-key-0002').toString('base64')}`
export const OTHER_LIVE = publishableKey('live', 'clerk.other-shop.com')
export const STRIPE_LIKE = 'pk_live_51FAKEstripeKEY000000000000000000000000000000000000notreal'

export const social = (...strategies: string[]) =>
  Object.fromEntries(strategies.map(s => [s, { enabled: true, strategy: s, required: false, authenticatable: true }]))

export const environment = (type: 'production' | 'development', strategies: string[]) =>
  json({
    display_config: { instance_environment_type: type, application_name: 'Fake shop' },
    user_settings: { social: social(...strategies), attributes: { passkey: { enabled: false } } },
  })

/**
 * A webhook handler as Clerk's guide writes one: verify, then act on the types it knows, 200 for the rest (or, as
 * `unknownType` says, another answer for a type it has no case for).
 */
export function verifyingWebhook(secret: string, unknownType?: (res: http.ServerResponse) => void): Handler {
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
    if (unknownType) unknownType(res)
    else res.writeHead(200).end('ok')
  }
}

export const NEXT_APP_ROUTER = `<!DOCTYPE html><html><head><script src="/_next/static/chunks/webpack-1a2b.js" async=""></script></head><body>
<script>self.__next_f.push([1,"3:I[\\"(app-pages-browser)/./node_modules/@clerk/nextjs/dist/esm/app-router/client/ClerkProvider.js\\",[\\"app/layout\\",\\"static/chunks/app/layout.js\\"],\\"ClientClerkProvider\\"]\\n4:[\\"$\\",\\"$L3\\",null,{\\"publishableKey\\":\\"${PK_LIVE}\\",\\"proxyUrl\\":\\"\\",\\"domain\\":\\"\\",\\"isSatellite\\":false,\\"signInUrl\\":\\"\\"}]\\n"])</script>
</body></html>`

export const BYPASS = 'FAKEvercelBYPASSsecret000notreal'

/**
 * Vercel's Deployment Protection as a client without the bypass meets it: 401, Vercel's own login page and policy, and
 * its SSO nonce cookie (vercel.com/docs/deployment-protection: "automated systems receive a login page or a 401").
 */
export function vercelProtected(app: Handler): Handler {
  return (req, body, res) => {
    if (req.headers['x-vercel-protection-bypass'] === BYPASS) return app(req, body, res)
    res
      .writeHead(401, {
        server: 'Vercel',
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': '_vercel_sso_nonce=FAKEnonce; Path=/; Secure; HttpOnly; SameSite=Lax',
        'content-security-policy': "default-src 'self' https://vercel.com; script-src 'self' 'nonce-x'",
        'x-robots-tag': 'noindex',
      })
      .end(
        '<!doctype html><html><head><title>Authentication Required</title></head><body>Vercel Authentication</body></html>',
      )
  }
}

/** What the Frontend API was asked for, query included (the HTTPS stand-in records paths only). */
export const fapiUrls: string[] = []

/**
 * A production Frontend API's answer to an Origin it does not serve, in Clerk's error shape: `origin_invalid`, whose
 * long message clerk-js quotes after "Production Keys are only allowed for domain …" (clerk/javascript,
 * packages/clerk-js/src/core/resources/Base.ts); a subdomain the instance does not allow, `subdomain_not_allowed`.
 */
export function originChecking(domain: string, inner: Handler): Handler {
  return (req, body, res) => {
    fapiUrls.push(req.url ?? '')
    const origin = req.headers.origin
    const host = origin && URL.canParse(origin) ? new URL(origin).hostname : undefined
    const refuse = (code: string, message: string, long: string) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errors: [{ message, long_message: long, code }], clerk_trace_id: 'FAKEtrace' }))
    if (host === `admin.${domain}`)
      return refuse('subdomain_not_allowed', 'Subdomain not allowed', `The subdomain ${host} is not allowed.`)
    if (host && host !== domain && !host.endsWith(`.${domain}`))
      return refuse(
        'origin_invalid',
        'Invalid HTTP Origin header',
        'The Request HTTP Origin header must be equal to or a subdomain of the requesting URL.',
      )
    return inner(req, body, res)
  }
}

export const NEXT_PREVIEW = `<!DOCTYPE html><html><head><script src="/_next/static/chunks/main-9f.js" async=""></script></head><body></body></html>`

export const VITE_PAGE = `<!doctype html><html><head><script type="module" crossorigin src="/assets/index-DiwrgTda.js"></script><link rel="modulepreload" href="/assets/vendor-x1.js"></head><body><div id="root"></div></body></html>`
export const VITE_BUNDLE = `const Yv="${PK_TEST}";function Zc(){return Mm({publishableKey:Yv,afterSignOutUrl:"/"})}`

export function endless(): Handler {
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

export function appSites(): Record<string, Site> {
  return {
    'clerk.example.com': {
      routes: {
        '/v1/environment': originChecking(
          'example.com',
          environment('production', ['oauth_google', 'oauth_github', 'oauth_custom_acme']),
        ),
      },
    },
    'accounts.example.com': { routes: { '/': page('<title>Account Portal</title>') } },
    [DEV_HOST]: {
      routes: {
        '/v1/environment': environment('development', [
          'oauth_google',
          'oauth_github',
          'oauth_discord',
          'oauth_custom_acme',
        ]),
      },
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
        '/api/crash-on-events': verifyingWebhook(WEBHOOK_SECRET, res =>
          res.writeHead(500).end('TypeError: cannot read properties of undefined'),
        ),
        '/api/unknown-type': verifyingWebhook(WEBHOOK_SECRET, res =>
          res.writeHead(422, { 'content-type': 'application/json' }).end('{"error":"unhandled event type"}'),
        ),
        // Checks that the headers are there, never the signature.
        '/api/headers-only': (req, _body, res) =>
          res.writeHead(req.headers['svix-signature'] ? 200 : 400).end(req.headers['svix-signature'] ? 'ok' : 'no'),
        // The deployment lacks CLERK_WEBHOOK_SIGNING_SECRET: verifyWebhook() throws for every signed request.
        '/api/no-secret-deployed': (req, _body, res) =>
          res
            .writeHead(400)
            .end(req.headers['svix-signature'] ? 'Error: CLERK_WEBHOOK_SIGNING_SECRET is missing' : 'no'),
        // clerkMiddleware() + auth.protect(): a signed-out API request gets 404, marked by @clerk/backend's headers.
        '/api/behind-clerk': (_req, _body, res) =>
          res
            .writeHead(404, {
              'x-clerk-auth-status': 'signed-out',
              'x-clerk-auth-reason': 'session-token-and-uat-missing',
              'x-clerk-auth-message': '',
            })
            .end(''),
        // Express's requireAuth(): a redirect to the sign-in page.
        '/api/behind-express': (_req, _body, res) =>
          res.writeHead(302, { location: 'https://accounts.example.com/sign-in?redirect_url=x' }).end(),
      },
    },
    // Hosts whose certificates go wrong, one way each.
    // A fresh 7-day certificate (Let's Encrypt's and Google Trust Services' short-lived ones) has all its life ahead.
    'clerk.short.example': { certificate: { days: 7 } },
    'accounts.short.example': { certificate: { days: 7 } },
    // 90 days, 25 left: past the third of its lifetime at which ACME clients renew.
    'clerk.soon.example': { certificate: { days: 25, age: 65 } },
    'accounts.soon.example': {},
    // 6 days, 1 left.
    'clerk.stale.example': { certificate: { days: 1, age: 5 } },
    'accounts.stale.example': {},
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
    // A preview behind Vercel Authentication: the page and its script need the bypass.
    'myapp-git-feature-acme.vercel.app': {
      routes: {
        '/': vercelProtected(page(NEXT_PREVIEW)),
        '/_next/static/chunks/main-9f.js': vercelProtected(
          page(`const k="${PK_TEST}"`, { 'content-type': 'text/javascript' }),
        ),
        // Off the app's origin: the bypass must not follow.
        '/away': vercelProtected((_req, _body, res) =>
          res.writeHead(302, { location: 'https://elsewhere.example/' }).end(),
        ),
      },
    },
    'elsewhere.example': { routes: { '/': page('<title>another site</title>') } },
    // A 403 from something that is not Vercel (a basic-auth proxy, a WAF).
    'forbidden.example': {
      routes: { '/': page('Forbidden', { 'content-security-policy': "default-src 'none'" }, 403) },
    },
    // A Frontend API stand-in that answers an Origin with a body that is not Clerk's JSON.
    'clerk.oddorigin.example': { routes: { '/v1/environment': page('<html>Bad Request</html>', {}, 400) } },
    // Vercel's SSO protection sends the browser to sign in on vercel.com.
    'sso-preview.vercel.app': {
      routes: {
        '/': (_req, _body, res) =>
          res
            .writeHead(307, { location: 'https://vercel.com/sso-api?url=https%3A%2F%2Fsso-preview.vercel.app%2F' })
            .end(),
      },
    },
    'vercel.com': { routes: { '/sso-api': page('<title>Login – Vercel</title>', { server: 'Vercel' }) } },
    // Production on vercel.app: @clerk/nextjs proxies the Frontend API at /__clerk, same-origin.
    'myapp.vercel.app': {
      routes: {
        '/': page(
          `<html><head></head><body><script>x="${publishableKey('live', 'clerk.myapp.vercel.app')}"</script></body></html>`,
          {
            'content-security-policy':
              "default-src 'self'; script-src 'self' https://challenges.cloudflare.com https://*.protect.clerk.com; connect-src 'self' https://*.protect.clerk.com:*; img-src 'self' https://img.clerk.com; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; frame-src https://challenges.cloudflare.com https://*.protect.clerk.com",
          },
        ),
        '/__clerk/v1/environment': environment('production', ['oauth_google']),
      },
    },
    'tunnel.example.net': { routes: { '/api/webhooks/clerk': verifyingWebhook(WEBHOOK_SECRET) } },
    'expired-app.example': { certificate: 'expired', routes: { '/': page('app') } },
  }
}

/**
 * The live checks' world: an HTTPS stand-in serving every name of the test zone on loopback, the zone, a silent
 * server and the Platform API's stand-in, started before the tests of the file that calls it and closed after.
 */
export function liveWorld() {
  let web: HttpsTestServer
  let dns: DnsTestServer
  let silent: net.Server
  const silentSockets = new Set<net.Socket>()
  let silentAddress: string
  let platform: http.Server
  let platformUrl: string
  const platformRequests: string[] = []
  let settlingReads = 0

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
      // Clerk's re-check: example.com's is already running (409, Clerk's error shape); settling.example's finishes on
      // the second read after it.
      if (req.method === 'POST' && req.url === '/v1/platform/applications/app_FAKE1/domains/example.com/dns_check') {
        res
          .writeHead(409, { 'content-type': 'application/json' })
          .end('{"errors":[{"code":"conflict","message":"A DNS check is already in progress"}]}')
        return
      }
      // Clerk's schema of the connections asked for: google's and github's credential fields; the custom provider's
      // is not described (as the CLI meets a provider it cannot set up).
      if (req.url?.startsWith('/v1/platform/applications/app_FAKE1/instances/ins_FAKEprod/config/schema?')) {
        const asked = new URL(req.url, 'http://stand-in').searchParams.getAll('keys')
        const credentials = {
          type: 'object',
          properties: {
            enabled: { type: 'boolean' },
            client_id: { type: 'string' },
            client_secret: { type: 'string', 'x-clerk-sensitive': true },
            callback_url: { type: 'string', readOnly: true },
          },
        }
        const described = ['connection_oauth_google', 'connection_oauth_github', 'connection_oauth_discord']
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            type: 'object',
            properties: Object.fromEntries(asked.filter(k => described.includes(k)).map(k => [k, credentials])),
          }),
        )
        return
      }
      const settling = '/v1/platform/applications/app_FAKE2/domains/settling.example'
      if (req.url === `${settling}/dns_check` || req.url === `${settling}/status`) {
        settlingReads = req.method === 'POST' ? 0 : settlingReads + 1
        const done = settlingReads >= 2
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            status: done ? 'complete' : 'incomplete',
            dns: { status: done ? 'complete' : 'in_progress' },
            ssl: { status: done ? 'complete' : 'not_started', required: true, failure_hints: [] },
            mail: { status: 'complete', required: true },
            ...(req.method === 'POST' ? { domain_id: 'dmn_FAKE2', last_run_at: null } : {}),
          }),
        )
        return
      }
      const routes: Record<string, unknown> = {
        '/v1/platform/applications': [
          {
            application_id: 'app_FAKE2',
            name: 'Fake settling shop',
            instances: [
              {
                instance_id: 'ins_FAKEprod2',
                environment_type: 'production',
                publishable_key: publishableKey('live', 'clerk.settling.example'),
              },
            ],
          },
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
          ssl: {
            status: 'failed',
            required: true,
            failure_hints: [
              {
                code: 'FAKE_caa_blocking',
                message: 'FAKE hint: a CAA record does not allow the certificate authority',
              },
            ],
          },
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
    extra: {
      key?: string
      webhookSecret?: string
      platformApiKey?: string
      secretKey?: string
      env?: Record<string, string>
    } = {},
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
          ...extra.env,
        },
        webhookSecret: extra.webhookSecret,
        platformApiKey: extra.platformApiKey,
        secretKey: extra.secretKey,
      })
    ).results
  const of = (results: CheckResult[], id: string) => results.filter(r => r.id === id)
  return {
    get web() {
      return web
    },
    get dns() {
      return dns
    },
    get silent() {
      return silent
    },
    get silentSockets() {
      return silentSockets
    },
    get silentAddress() {
      return silentAddress
    },
    get platform() {
      return platform
    },
    get platformUrl() {
      return platformUrl
    },
    get platformRequests() {
      return platformRequests
    },
    get settlingReads() {
      return settlingReads
    },
    live,
    of,
  }
}
