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
import { productionDomain, startClerkStandIn } from '../test-support/clerk-server.js'
import { runScenario } from '../test-support/scenario.js'

/**
 * The live checks against real HTTPS on loopback: a test zone maps every name to the HTTPS stand-in's address, the
 * stand-in answers each name with its own certificate (SNI) from the throwaway test CA, and the product trusts that CA
 * through NODE_EXTRA_CA_CERTS, as `npm test` sets it.
 */
const unavailable = await httpsUnavailable()
const describeLive = unavailable ? describe.skip : describe
if (unavailable) console.warn(`live checks over HTTPS skipped: ${unavailable}`)

it('runs where CI runs', () => {
  if (process.env.CI === 'true') expect(unavailable).toBeUndefined()
})

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

/**
 * A webhook handler as Clerk's guide writes one: verify, then act on the types it knows, 200 for the rest (or, as
 * `unknownType` says, another answer for a type it has no case for).
 */
function verifyingWebhook(secret: string, unknownType?: (res: http.ServerResponse) => void): Handler {
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

const NEXT_APP_ROUTER = `<!DOCTYPE html><html><head><script src="/_next/static/chunks/webpack-1a2b.js" async=""></script></head><body>
<script>self.__next_f.push([1,"3:I[\\"(app-pages-browser)/./node_modules/@clerk/nextjs/dist/esm/app-router/client/ClerkProvider.js\\",[\\"app/layout\\",\\"static/chunks/app/layout.js\\"],\\"ClientClerkProvider\\"]\\n4:[\\"$\\",\\"$L3\\",null,{\\"publishableKey\\":\\"${PK_LIVE}\\",\\"proxyUrl\\":\\"\\",\\"domain\\":\\"\\",\\"isSatellite\\":false,\\"signInUrl\\":\\"\\"}]\\n"])</script>
</body></html>`

const BYPASS = 'FAKEvercelBYPASSsecret000notreal'

/**
 * Vercel's Deployment Protection as a client without the bypass meets it: 401, Vercel's own login page and policy, and
 * its SSO nonce cookie (vercel.com/docs/deployment-protection: "automated systems receive a login page or a 401").
 */
function vercelProtected(app: Handler): Handler {
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
const fapiUrls: string[] = []

/**
 * A production Frontend API's answer to an Origin it does not serve, in Clerk's error shape: `origin_invalid`, whose
 * long message clerk-js quotes after "Production Keys are only allowed for domain …" (clerk/javascript,
 * packages/clerk-js/src/core/resources/Base.ts); a subdomain the instance does not allow, `subdomain_not_allowed`.
 */
function originChecking(domain: string, inner: Handler): Handler {
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

const NEXT_PREVIEW = `<!DOCTYPE html><html><head><script src="/_next/static/chunks/main-9f.js" async=""></script></head><body></body></html>`

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

describeLive('live checks, over HTTPS on loopback', () => {
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
      ['short.example', 'pass', 'has a trusted certificate'],
      ['soon.example', 'warn', 'expires in 24 days (20'],
      ['stale.example', 'warn', 'less than a third of its 6-day lifetime'],
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

    it("checks a proxy's certificate on the proxy's own port", async () => {
      // Port 443 of clerk.example.com has a trusted certificate; nothing listens on 8443.
      const results = of(await live({ 'proxy-url': 'https://clerk.example.com:8443/__clerk' }), 'deploy.certificates')
      expect(results[0]).toMatchObject({ subject: 'clerk.example.com:8443', status: 'fail' })
      expect(results[0]?.message).toContain('does not answer TLS on port 8443')
    })

    it('is skipped on a shared domain, where Clerk has no hosts of its own (vercel.app: the auto-proxy)', async () => {
      const [r] = of(await live({}, { key: publishableKey('live', 'clerk.myapp.vercel.app') }), 'deploy.certificates')
      expect(r).toMatchObject({ subject: 'myapp.vercel.app', status: 'skip' })
    })

    it("does not dial clerk.<satellite> for a satellite behind a proxy: the input's, or its own in Clerk's domains", async () => {
      const byInput = of(
        await live({ satellites: 'shop.example', 'proxy-url': 'https://shop.example/__clerk' }),
        'deploy.certificates',
      )
      expect(byInput.find(r => r.subject === 'clerk.shop.example')).toMatchObject({ status: 'skip' })
      expect(byInput.find(r => r.subject === 'clerk.shop.example')?.message).toContain('https://shop.example/__clerk')
      const clerk = await startClerkStandIn({
        secretKey: SK_LIVE,
        environmentType: 'production',
        domains: [
          productionDomain('example.com'),
          {
            ...productionDomain('store.example'),
            is_satellite: true,
            proxy_url: 'https://store.example/__clerk',
          },
          { ...productionDomain('other.example'), is_satellite: true },
        ],
      })
      try {
        const results = of(
          await live(
            { satellites: 'store.example, other.example' },
            { secretKey: SK_LIVE, env: { CLERK_API_URL: clerk.url } },
          ),
          'deploy.certificates',
        )
        expect(results.map(r => [r.subject, r.status])).toEqual([
          ['clerk.example.com', 'pass'],
          ['accounts.example.com', 'pass'],
          ['clerk.store.example', 'skip'],
          ['clerk.other.example', 'fail'],
        ])
      } finally {
        await clerk.close()
      }
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
      // deploy.middleware and deploy.server-key (with its __client_uat cookie) ask the page too, for its headers.
      const asked = web.requests.slice(requests).filter(r => r.host === 'example.com')
      expect(asked.map(r => r.path).sort()).toEqual(['/', '/', '/', '/_next/static/chunks/webpack-1a2b.js'])
      expect(asked.filter(r => r.path === '/' && r.headers.cookie === '__client_uat=1')).toHaveLength(1)
      // The two probes read status lines only and close their connections; the script goes down the page's.
      expect(web.connections.slice(connections).filter(name => name === 'example.com').length).toBeLessThanOrEqual(3)
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
        ['oauth_custom_acme', 'pass'],
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
        ['oauth_custom_acme', 'skip'],
      ])
      expect(results[1]?.message).toContain('without its own credentials (client_id, client_secret)')
      expect(results[3]?.message).toContain('schema does not describe its credentials')
      expect(platformRequests.some(r => r.includes('/config/schema?keys=connection_oauth_google&keys='))).toBe(true)
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
    it("fails when Clerk's own status of the domain is incomplete, naming the part and quoting Clerk's failure hints", async () => {
      platformRequests.length = 0
      const [r] = of(await live({}, { platformApiKey: 'ak_FAKEplatformKEY000notreal00' }), 'clerk.domain-status')
      expect(r).toMatchObject({
        subject: 'example.com',
        status: 'fail',
        evidence: {
          ssl: 'failed',
          rechecked: 'a DNS re-check was already running at Clerk',
          failureHints: [{ code: 'FAKE_caa_blocking' }],
        },
      })
      expect(r?.message).toContain('SSL failed')
      expect(r?.message).toContain('Clerk says: FAKE hint: a CAA record does not allow the certificate authority')
      const domainRequests = platformRequests.filter(line => line.includes('/domains/'))
      expect(domainRequests[0]).toMatch(/^POST .*\/domains\/example\.com\/dns_check authorized$/)
      expect(domainRequests.slice(1).every(line => /^GET .*\/status authorized$/.test(line))).toBe(true)
      expect(domainRequests.length).toBe(1 + 1 + 2) // the re-check, a first read and one after each wait
    })

    it('asks Clerk to re-check DNS first and reads the status again until it is complete', async () => {
      const [r] = of(
        await live(
          { domain: 'settling.example' },
          {
            key: publishableKey('live', 'clerk.settling.example'),
            platformApiKey: 'ak_FAKEplatformKEY000notreal00',
          },
        ),
        'clerk.domain-status',
      )
      expect(r).toMatchObject({ status: 'pass', evidence: { rechecked: 'asked Clerk to re-check DNS first' } })
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
      expect(unknown?.message).toContain('none of the 2 applications')
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

  describe('deploy.origins', () => {
    it("passes origins Clerk serves, fails origin_invalid and subdomain_not_allowed with the dashboard's fix, and asks as Clerk's CLI does", async () => {
      fapiUrls.length = 0
      const results = of(
        await live({
          'app-origins':
            'https://example.com, https://app.example.com, https://shop-preview.vercel.app, https://admin.example.com',
        }),
        'deploy.origins',
      )
      expect(results.map(r => [r.subject, r.status])).toEqual([
        ['https://example.com', 'pass'],
        ['https://app.example.com', 'pass'],
        ['https://shop-preview.vercel.app', 'fail'],
        ['https://admin.example.com', 'fail'],
      ])
      const [, , offDomain, subdomain] = results
      expect(offDomain?.message).toContain('origin_invalid')
      expect(offDomain?.message).toContain('Production Keys are only allowed for domain example.com')
      expect(offDomain?.fix).toContain('Domains → Satellites')
      expect(subdomain?.message).toContain('subdomain_not_allowed')
      expect(subdomain?.fix).toContain('Allowed subdomains')
      expect(fapiUrls.length).toBeGreaterThan(0)
      for (const url of fapiUrls) expect(url).toBe('/v1/environment?_clerk_js_version=5')
    })

    it("passes, saying what was seen, an answer that is not one of Clerk's refusals (a body that is not JSON)", async () => {
      const [odd] = of(
        await live({ domain: 'oddorigin.example' }, { key: publishableKey('live', 'clerk.oddorigin.example') }),
        'deploy.origins',
      )
      expect(odd).toMatchObject({ subject: 'https://oddorigin.example', status: 'pass', evidence: { status: 400 } })
      expect(odd?.message).toContain('answered 400')
    })

    it('is skipped outside production, and says so when the Frontend API does not answer', async () => {
      const [dev] = of(
        await live({ environment: 'preview', url: 'https://example.com/' }, { key: PK_TEST }),
        'deploy.origins',
      )
      expect(dev).toMatchObject({ status: 'skip' })
      const [away] = of(
        await live({ domain: 'refused.example' }, { key: publishableKey('live', 'clerk.refused.example') }),
        'deploy.origins',
      )
      expect(away).toMatchObject({ subject: 'https://refused.example', status: 'skip' })
      expect(away?.message).toContain('see deploy.frontend-api')
    })
  })

  describe('Vercel Deployment Protection', () => {
    const preview = (extra: { bypass?: string; path?: string } = {}) =>
      runScenario({
        inputs: {
          environment: 'preview',
          url: `https://myapp-git-feature-acme.vercel.app${extra.path ?? '/'}`,
          'live-checks': 'auto',
          'dns-servers': dns.address,
          'http-timeout-ms': '1500',
        },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_FAPI_URL: '' },
        vercelProtectionBypass: extra.bypass,
      })

    it("warns, never judging Vercel's login page as the app, and names the bypass to create", async () => {
      const { results } = await preview()
      for (const id of ['csp', 'deploy.publishable-key']) {
        const r = of(results, id)[0]
        expect(r).toMatchObject({ status: 'warn', evidence: { vercel: true } })
        expect(r?.message).toContain('answered 401')
        expect(r?.message).toContain("Vercel's Deployment Protection, not the app")
        expect(r?.fix).toContain('Protection Bypass for Automation')
        expect(r?.fix).toContain('vercel-protection-bypass')
      }
      expect(JSON.stringify(of(results, 'csp'))).not.toContain('vercel.com')
    })

    it('reads the app with the bypass, sent to its own origin only: the page and its script', async () => {
      const before = web.requests.length
      const { results } = await preview({ bypass: BYPASS })
      expect(of(results, 'csp')[0]).toMatchObject({ status: 'pass' })
      const key = of(results, 'deploy.publishable-key')[0]
      expect(key).toMatchObject({ status: 'pass' })
      expect(key?.message).toContain('main-9f.js')
      const sent = web.requests.slice(before)
      expect(sent.filter(r => r.headers['x-vercel-protection-bypass'] === BYPASS).map(r => r.path)).toEqual(
        expect.arrayContaining(['/', '/_next/static/chunks/main-9f.js']),
      )
      expect(
        sent.filter(r => r.host !== 'myapp-git-feature-acme.vercel.app' && r.headers['x-vercel-protection-bypass']),
      ).toEqual([])
      expect(JSON.stringify(results)).not.toContain(BYPASS)
    })

    it('never sends the bypass on a redirect off the app, and says when the bypass given is refused', async () => {
      const before = web.requests.length
      await preview({ bypass: BYPASS, path: '/away' })
      const elsewhere = web.requests.slice(before).filter(r => r.host === 'elsewhere.example')
      expect(elsewhere.length).toBeGreaterThan(0)
      expect(elsewhere.filter(r => r.headers['x-vercel-protection-bypass'] !== undefined)).toEqual([])
      const refused = of((await preview({ bypass: 'FAKEstaleBYPASSsecret0000notreal' })).results, 'csp')[0]
      expect(refused).toMatchObject({ status: 'warn' })
      expect(refused?.message).toContain('was sent and not accepted')
    })

    it('takes a 403 from something other than Vercel for a login in front of the app, and names no Vercel', async () => {
      const { results } = await runScenario({
        inputs: { environment: 'preview', url: 'https://forbidden.example/', 'dns-servers': dns.address },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_FAPI_URL: '' },
      })
      const r = of(results, 'csp')[0]
      expect(r).toMatchObject({ status: 'warn', evidence: { vercel: false } })
      expect(r?.message).toContain('answered 403: that is a login in front of the app, not the app')
    })

    it("takes a redirect to Vercel's login on another origin for protection too", async () => {
      const { results } = await runScenario({
        inputs: { environment: 'preview', url: 'https://sso-preview.vercel.app/', 'dns-servers': dns.address },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_FAPI_URL: '' },
      })
      const r = of(results, 'csp')[0]
      expect(r).toMatchObject({ status: 'warn', evidence: { vercel: true } })
      expect(r?.message).toContain('redirected to a login at https://vercel.com/sso-api')
    })
  })

  describe('production on vercel.app: the automatic proxy', () => {
    const VERCEL_LIVE = publishableKey('live', 'clerk.myapp.vercel.app')

    it('asks the Frontend API at https://<app>/__clerk everywhere, treats it as same-origin, and names its redirect URI', async () => {
      const results = await live(
        { url: 'https://myapp.vercel.app/', 'development-publishable-key': PK_TEST },
        { key: VERCEL_LIVE },
      )
      const fapi = of(results, 'deploy.frontend-api')[0]
      expect(fapi).toMatchObject({ subject: 'myapp.vercel.app', status: 'pass' })
      expect(fapi?.message).toContain('/__clerk')
      expect(fapi?.message).toContain('CLERK_DISABLE_AUTO_PROXY')
      expect(of(results, 'csp')[0]).toMatchObject({
        status: 'pass',
        evidence: { frontendApi: 'https://myapp.vercel.app' },
      })
      const github = of(results, 'oauth.providers').find(r => r.subject === 'oauth_github')
      expect(github?.fix).toContain('https://myapp.vercel.app/__clerk/v1/oauth_callback')
      expect(of(results, 'deploy.certificates')[0]?.status).toBe('skip')
      expect(web.requests.some(r => r.host === 'clerk.myapp.vercel.app')).toBe(false)
    })

    it("asks for script-src and connect-src 'self' when the policy lacks them, never clerk.<app>.vercel.app", async () => {
      const { clerkRequirements } = await import('../src/web/csp-policy.js')
      const self = new URL('https://myapp.vercel.app/')
      const sources = clerkRequirements('https://myapp.vercel.app', self).map(r => `${r.directive} ${r.source}`)
      expect(sources).toEqual(expect.arrayContaining(["script-src-elem 'self'", "connect-src 'self'"]))
      expect(sources.join(' ')).not.toContain('clerk.myapp')
    })
  })

  describe('phase', () => {
    const webhook = (inputs: Record<string, string>, clues = {}) =>
      runScenario({
        inputs: {
          environment: 'production',
          'dns-servers': dns.address,
          'webhook-url': 'https://example.com/api/open',
          'live-checks': 'auto',
          domain: 'expired.example',
          'http-timeout-ms': '1500',
          ...inputs,
        },
        env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.expired.example'), CLERK_FAPI_URL: '' },
        clues,
      })

    it("before the deploy, a finding about the live app is at most warn and says so; Clerk's side keeps its verdict", async () => {
      const { outcome, results } = await webhook({ phase: 'before-deploy' })
      expect(outcome.ok && outcome.plan.phase).toEqual({ value: 'before-deploy', from: 'input' })
      const r = of(results, 'webhooks.endpoint')[0]
      expect(r).toMatchObject({ status: 'warn', evidence: { phase: 'before-deploy', unsoftenedStatus: 'fail' } })
      expect(r?.message).toContain('about the live (previous) release, judged after the deploy')
      expect(r?.message).toContain('accepts any request')
      expect(of(results, 'deploy.certificates')[0]?.status).toBe('fail')
    })

    it('after the deploy the same finding fails; auto is after-deploy on deployment_status, before-deploy otherwise', async () => {
      expect(of((await webhook({ phase: 'after-deploy' })).results, 'webhooks.endpoint')[0]?.status).toBe('fail')
      const onDeployment = await webhook({ phase: 'auto' }, { eventName: 'deployment_status' })
      expect(onDeployment.outcome.ok && onDeployment.outcome.plan.phase).toEqual({
        value: 'after-deploy',
        from: 'auto',
      })
      expect(of(onDeployment.results, 'webhooks.endpoint')[0]?.status).toBe('fail')
      const onPush = await webhook({ phase: 'auto' }, { eventName: 'push' })
      const r = of(onPush.results, 'webhooks.endpoint')[0]
      expect(r?.status).toBe('warn')
      expect(r?.message).toContain('not on a deployment_status event')
    })
  })

  describe('webhooks.endpoint', () => {
    const probe = async (path: string, secret?: string, host = 'example.com') =>
      of(await live({ 'webhook-url': `https://${host}${path}` }, { webhookSecret: secret }), 'webhooks.endpoint')[0]

    it("passes an endpoint that refuses unsigned events and accepts this environment's signature (checked by standardwebhooks)", async () => {
      const r = await probe('/api/webhooks/clerk', WEBHOOK_SECRET)
      expect(r).toMatchObject({ status: 'pass', evidence: { unsigned: 400, signed: 200, randomlySigned: 400 } })
    })

    it.each([
      ['/api/webhooks/clerk', OTHER_SECRET, "another instance's"],
      ['/api/no-secret-deployed', WEBHOOK_SECRET, 'CLERK_WEBHOOK_SIGNING_SECRET'],
    ])(
      '%s: fails an endpoint that answers this secret as it answers a random one: it does not verify with it',
      async (path, secret, cause) => {
        const r = await probe(path, secret)
        expect(r).toMatchObject({ status: 'fail', evidence: { unsigned: 400, signed: 400, randomlySigned: 400 } })
        expect(r?.message).toContain('does not verify with this secret')
        expect(r?.fix).toContain(cause)
        expect(JSON.stringify(r)).not.toContain(secret.slice(6, 20))
      },
    )

    it('warns, not fails, an endpoint that verified and then refused an event type it has no case for', async () => {
      const r = await probe('/api/unknown-type', WEBHOOK_SECRET)
      expect(r).toMatchObject({ status: 'warn', evidence: { unsigned: 400, signed: 422, randomlySigned: 400 } })
      expect(r?.message).toContain('verified a POST signed with CLERK_WEBHOOK_SIGNING_SECRET')
      expect(r?.fix).toContain('answer 200 for event types it does not act on')
    })

    it('fails an endpoint that accepts a randomly signed POST: it checks that the headers are there, not the signature', async () => {
      const r = await probe('/api/headers-only', WEBHOOK_SECRET)
      expect(r).toMatchObject({ status: 'fail', evidence: { signed: 200, randomlySigned: 200 } })
      expect(r?.message).toContain('random secret')
    })

    it.each([
      [
        '/api/behind-clerk',
        '404 with x-clerk-auth-status: signed-out, x-clerk-auth-reason: session-token-and-uat-missing',
      ],
      ['/api/behind-express', '302 (a redirect to the sign-in page)'],
    ])("%s: fails a route behind Clerk's middleware, naming createRouteMatcher", async (path, said) => {
      const r = await probe(path, WEBHOOK_SECRET)
      expect(r?.status).toBe('fail')
      expect(r?.message).toContain(said)
      expect(r?.message).toContain("behind Clerk's middleware")
      expect(r?.fix).toContain('createRouteMatcher')
      expect(r?.fix).not.toContain('final URL')
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
      ['/api/crash-on-events', 'warn', 'then refused its event type'],
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
      expect(sent).toHaveLength(4)
      expect(JSON.stringify(sent)).not.toContain(WEBHOOK_SECRET.slice(6))
      const signatures = sent.flatMap(r => (r.headers['svix-signature'] ? [r.headers['svix-signature']] : []))
      expect(signatures).toHaveLength(3)
      for (const signature of signatures) expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/)
      expect(new Set(signatures).size).toBe(3)
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
    expect(status('oauth.providers')).toEqual([
      'oauth_google pass',
      'oauth_github fail',
      'oauth_discord fail',
      'oauth_custom_acme skip',
    ])
    expect(status('clerk.domain-status')).toEqual(['example.com fail'])
    // What the runner shows once its masks are applied, and every file the action wrote.
    const everything = [visibleLog(run.stdout), run.stderr, run.summary, run.reportText, run.outputsFile].join('\n')
    expect(leakedSlices(everything, 'ak_FAKEplatformKEY000notreal00')).toEqual([])
    expect(leakedSlices(everything, WEBHOOK_SECRET)).toEqual([])
    expect(run.stdout).toContain('::add-mask::ak_FAKEplatformKEY000notreal00')
  })
})

describe('the bundled action on the setups Clerk users run', () => {
  let web: HttpsTestServer
  let dns: DnsTestServer
  beforeAll(async () => {
    web = await startHttpsServer(appSites())
    dns = await startDnsServer({
      records: Object.keys(appSites()).map((name): FixtureRecord => ({ name, type: 'A', data: web.address })),
    })
  })
  afterAll(() => Promise.all([web.close(), dns.close()]))

  it('reads a protected Vercel preview with the bypass from VERCEL_AUTOMATION_BYPASS_SECRET, judged after the deploy on deployment_status, and never shows it', async () => {
    const run = await runAction({
      inputs: { 'dns-servers': dns.address, 'publishable-key': PK_TEST, 'http-timeout-ms': '2000' },
      env: { VERCEL_AUTOMATION_BYPASS_SECRET: BYPASS, CLERK_FAPI_URL: '' },
      eventName: 'deployment_status',
      event: {
        deployment: { environment: 'Preview – myapp' },
        deployment_status: { state: 'success', target_url: 'https://myapp-git-feature-acme.vercel.app/' },
      },
    })
    expect(run.report?.environment).toMatchObject({ name: 'preview', phase: 'after-deploy' })
    const status = (id: string) => run.report?.checks.find(c => c.id === id)?.status
    expect(status('csp')).toBe('pass')
    expect(status('deploy.publishable-key')).toBe('pass')
    expect(run.stdout).toContain(`::add-mask::${BYPASS}`)
    const everything = [visibleLog(run.stdout), run.stderr, run.summary, run.reportText, run.outputsFile].join('\n')
    expect(leakedSlices(everything, BYPASS)).toEqual([])
  })

  it('on a push, judges the live app before the deploy: its failures warn, and a short bypass is refused unquoted', async () => {
    const run = await runAction({
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'dns-servers': dns.address,
        'webhook-url': 'https://example.com/api/open',
        'live-checks': 'true',
        'http-timeout-ms': '2000',
      },
      env: { CLERK_FAPI_URL: '' },
    })
    expect(run.report?.environment.phase).toBe('before-deploy')
    const webhook = run.report?.checks.find(c => c.id === 'webhooks.endpoint')
    expect(webhook).toMatchObject({ status: 'warn', evidence: { unsoftenedStatus: 'fail' } })
    expect(webhook?.message).toContain('judged after the deploy')
    const short = await runAction({ inputs: { environment: 'preview', 'vercel-protection-bypass': 'abc123' } })
    const config = short.report?.checks.find(c => c.id === 'config')
    expect(config).toMatchObject({ subject: 'vercel-protection-bypass', status: 'fail' })
    expect(config?.message).toContain('too short')
    expect(short.reportText).not.toContain('abc123')
    expect(short.report?.environment.phase).toBeNull()
    const spaced = await runAction({
      inputs: { environment: 'preview', 'vercel-protection-bypass': 'FAKEvercel BYPASSsecret0notreal' },
    })
    const refused = spaced.report?.checks.find(c => c.id === 'config')
    expect(refused).toMatchObject({ subject: 'vercel-protection-bypass', status: 'fail' })
    expect(refused?.message).toContain('which an HTTP header cannot carry')
    expect(spaced.reportText).not.toContain('BYPASSsecret')
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
