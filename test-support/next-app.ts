import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { createClerkClient } from '@clerk/backend'
import { createRedirect } from '@clerk/backend/internal'
import { verifyWebhook } from '@clerk/backend/webhooks'
import { json, page, type Handler, type Site } from './https-server.js'
import { DEV_HOST, PK_LIVE, PK_TEST, publishableKey, SK_LIVE, SK_TEST } from './keys.js'

/**
 * A loopback stand-in of a Next.js app deployed with Clerk's middleware, deciding as `clerkMiddleware()` does: each
 * request goes through @clerk/backend's own `authenticateRequest` (offline for the signed-out requests the checks
 * make), and the answer is made as @clerk/nextjs makes it (clerk/javascript packages/nextjs/src/server/
 * clerkMiddleware.ts): a location in the request state is a 307 with the state's headers; otherwise the handler runs,
 * `auth.protect()` on a signed-out page request redirects to sign-in (@clerk/backend's `createRedirect`) and on any
 * other request rewrites to a 404 marked `x-clerk-auth-reason: protect-rewrite` (protect.ts, handleControlFlowErrors),
 * and the state's `x-clerk-auth-*` headers are appended to whatever is answered. Its faults are the ones apps meet:
 * a middleware that crashes (Vercel's MIDDLEWARE_INVOCATION_FAILED), a matcher that misses paths, another
 * instance's keys, a satellite wired or not.
 */
export interface NextAppOptions {
  publishableKey: string
  secretKey: string
  /** Paths (and everything below them) the middleware calls `auth.protect()` on. */
  protect?: string[]
  /** Paths (and below) the middleware's matcher misses: served without it, whatever `protect` says. */
  unmatched?: string[]
  /** Where `redirectToSignIn` goes (relative to the app, or the primary's URL for a satellite). Default /sign-in. */
  signInUrl?: string
  isSatellite?: boolean
  domain?: string
  satelliteAutoSync?: boolean
  proxyUrl?: string
  /** The middleware throws (a key missing from the deployment): Vercel answers 500 MIDDLEWARE_INVOCATION_FAILED. */
  crash?: boolean
  /** The page served for any path that gets through (default: a small page), with these headers. */
  html?: string
  headers?: Record<string, string>
  /** Routes answered by their own handler, behind the middleware (a webhook route the middleware lets through). */
  routes?: Record<string, Handler>
  /**
   * The PEM public key the middleware verifies handshake and session tokens with (`jwtKey`: offline, no Backend API):
   * by default the one of the instance whose secret key it holds.
   */
  jwtKey?: string
}

/** A stand-in Clerk instance: its keys, the key pair its tokens are signed with, and its Frontend API's domain. */
export interface StandInInstance {
  publishableKey: string
  secretKey: string
  /** The domain the Frontend API sets its cookies on (production), or undefined for a development instance. */
  domain?: string
  kid: string
  privateKey: KeyObject
  publicPem: string
}

function instance(publishableKey: string, secretKey: string, kid: string, domain?: string): StandInInstance {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    publishableKey,
    secretKey,
    ...(domain ? { domain } : {}),
    kid,
    privateKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

export const OTHER_INSTANCE_KEY = publishableKey('live', 'clerk.other-shop.com')
const SK_OTHER = 'sk_live_FAKEotherSHOP0000notreal0000FAKEotherSHOP'

/** The instances of the wired apps: example.com's production, another shop's, and a development one. */
export const INSTANCES = {
  example: instance(PK_LIVE, SK_LIVE, 'ins_FAKEexample', 'example.com'),
  other: instance(OTHER_INSTANCE_KEY, SK_OTHER, 'ins_FAKEother', 'other-shop.com'),
  development: instance(PK_TEST, SK_TEST, 'ins_FAKEdevelopment'),
}

const bySecretKey = (secretKey: string) => Object.values(INSTANCES).find(i => i.secretKey === secretKey)

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url')
}

/** A token signed as Clerk signs its handshake tokens (RS256 with the instance's key, its kid in the header). */
function signed(instance: StandInInstance, payload: Record<string, unknown>): string {
  const head = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: instance.kid }))}.${base64url(JSON.stringify(payload))}`
  return `${head}.${base64url(sign('sha256', Buffer.from(head), instance.privateKey))}`
}

/**
 * The Frontend API's `GET /v1/client/handshake` for a browser with no client (signed out), as Clerk's own tests have
 * its result arrive (clerk/javascript integration/tests/handshake.test.ts, "Handshake result"): a token signed with
 * the instance's key whose `handshake` claim lists the cookies to set, sent back to `redirect_url`, in production as
 * the `__clerk_handshake` cookie on the instance's domain ("prod - nominal" sends it so), in development as the
 * `__clerk_handshake` query parameter ("dev - nominal"). For a signed-out client the cookies say so: `__client_uat=0`,
 * no `__session`, and in development the dev browser's `__clerk_db_jwt`. `proxied`: served through the app's own
 * proxy of the Frontend API (proxyUrl), whose cookies are the app host's own.
 */
export function frontendApiHandshake(of: StandInInstance, { proxied = false } = {}): Handler {
  return (req, _body, res) => {
    const asked = new URL(req.url ?? '/', 'https://fapi.invalid')
    const back = asked.searchParams.get('redirect_url') ?? ''
    if (!URL.canParse(back) || new URL(back).protocol !== 'https:') {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"code":"form_param_invalid"}]}')
      return
    }
    const domain = proxied || !of.domain ? '' : `; Domain=${of.domain}`
    const year = 'Max-Age=315360000; SameSite=Lax; Secure'
    const cookies = of.domain
      ? [
          `__client_uat=0; Path=/${domain}; ${year}`,
          '__session=; Path=/; Max-Age=0; SameSite=Lax; Secure',
          `__clerk_handshake=; Path=/${domain}; Max-Age=0`,
        ]
      : [
          `__clerk_db_jwt=dvb_FAKEdevBROWSER0notreal; Path=/; ${year}`,
          `__client_uat=0; Path=/; ${year}`,
          '__session=; Path=/; Max-Age=0',
        ]
    const token = signed(of, { handshake: cookies, iat: Math.floor(Date.now() / 1000) })
    const to = new URL(back)
    if (!of.domain) {
      to.searchParams.set('__clerk_handshake', token)
      res.writeHead(307, { location: to.toString(), 'cache-control': 'no-store' }).end()
      return
    }
    res
      .writeHead(307, {
        location: to.toString(),
        'cache-control': 'no-store',
        'set-cookie': `__clerk_handshake=${token}; Path=/${domain}; Max-Age=60; Secure; SameSite=Lax; HttpOnly`,
      })
      .end()
  }
}

const under = (path: string, prefixes: string[] | undefined) =>
  (prefixes ?? []).some(prefix => path === prefix || path.startsWith(`${prefix.replace(/\/$/, '')}/`))

/** @clerk/nextjs's isPageRequest (protect.ts): a document, an iframe, or a request that accepts HTML. */
function isPageRequest(request: Request): boolean {
  const dest = request.headers.get('sec-fetch-dest')
  return dest === 'document' || dest === 'iframe' || (request.headers.get('accept') ?? '').includes('text/html')
}

function send(res: ServerResponse, status: number, headers: Headers, body = ''): void {
  const out: Record<string, string[]> = {}
  headers.forEach((value, name) => {
    // Headers' forEach joins repeated values except set-cookie; keep both as separate lines the way Next.js sends them.
    ;(out[name] ??= []).push(value)
  })
  res.writeHead(status, out).end(body)
}

export function nextApp(options: NextAppOptions): Handler {
  const client = createClerkClient({
    secretKey: options.secretKey,
    publishableKey: options.publishableKey,
    telemetry: { disabled: true },
  })
  const jwtKey = options.jwtKey ?? bySecretKey(options.secretKey)?.publicPem
  // The app's own proxy of the Frontend API (proxyUrl on its own origin): its handshake is the key's instance's.
  const proxyPath = options.proxyUrl && URL.canParse(options.proxyUrl) ? new URL(options.proxyUrl).pathname : undefined
  const proxied = Object.values(INSTANCES).find(i => i.publishableKey === options.publishableKey)
  const proxy = proxyPath && proxied ? frontendApiHandshake(proxied, { proxied: true }) : undefined
  const page = options.html ?? '<!doctype html><html><head><title>App</title></head><body>app</body></html>'
  return (req: IncomingMessage, body: string, res: ServerResponse) => {
    const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http'
    const url = new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? 'app.invalid'}`)
    const base = new Headers({
      'x-powered-by': 'Next.js',
      'content-type': 'text/html; charset=utf-8',
      ...options.headers,
    })
    if (proxy && url.pathname === `${proxyPath?.replace(/\/$/, '')}/v1/client/handshake`) return proxy(req, body, res)
    if (under(url.pathname, options.unmatched)) return serve(url.pathname, base)
    if (options.crash) {
      base.set('x-vercel-error', 'MIDDLEWARE_INVOCATION_FAILED')
      base.set('content-type', 'text/plain; charset=utf-8')
      return send(res, 500, base, 'A server error has occurred\n\nMIDDLEWARE_INVOCATION_FAILED\n')
    }
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value)
    }
    const request = new Request(url, { method: req.method, headers })
    void decide(request).catch(error => {
      send(res, 500, new Headers({ 'content-type': 'text/plain' }), String(error))
    })

    function serve(path: string, headers: Headers): void {
      const route = options.routes?.[path]
      if (route) return route(req, body, res)
      send(res, 200, headers, page)
    }

    async function decide(request: Request): Promise<void> {
      const state = await client.authenticateRequest(request, {
        publishableKey: options.publishableKey,
        secretKey: options.secretKey,
        signInUrl: options.signInUrl ?? '/sign-in',
        isSatellite: options.isSatellite,
        domain: options.domain,
        satelliteAutoSync: options.satelliteAutoSync,
        proxyUrl: options.proxyUrl,
        jwtKey,
      })
      const location = state.headers.get('location')
      if (location) {
        const out = new Headers({ location })
        state.headers.forEach((value, name) => name !== 'location' && out.append(name, value))
        return send(res, 307, out)
      }
      const signedOut = !state.isAuthenticated
      if (signedOut && under(url.pathname, options.protect)) {
        if (isPageRequest(request)) {
          const redirect = createRedirect({
            redirectAdapter: (to: string) => to,
            baseUrl: url,
            signInUrl: state.signInUrl,
            signUpUrl: state.signUpUrl,
            publishableKey: state.publishableKey,
            isSatellite: state.isSatellite,
          })
          const out = new Headers({ location: redirect.redirectToSignIn({ returnBackUrl: url.toString() }) })
          state.headers.forEach((value, name) => out.append(name, value))
          return send(res, 307, out)
        }
        const out = new Headers({ 'x-clerk-auth-reason': 'protect-rewrite', 'content-type': 'text/html' })
        state.headers.forEach((value, name) => out.append(name, value))
        return send(res, 404, out, 'This page could not be found.')
      }
      state.headers.forEach((value, name) => base.append(name, value))
      serve(url.pathname, base)
    }
  }
}

/**
 * A Next.js route handler for Clerk's webhooks, verifying with @clerk/backend's `verifyWebhook`: on the raw body, as
 * Clerk's guide has it, or (`reserialize`) on `JSON.stringify(await req.json())`, the mistake that verifies a body
 * Clerk never signed and so refuses real deliveries whose bytes differ from JSON.stringify's.
 */
export function clerkWebhookRoute(signingSecret: string, { reserialize = false } = {}): Handler {
  return (req, body, res) => {
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value)
    }
    let text = body
    if (reserialize) {
      try {
        text = JSON.stringify(JSON.parse(body))
      } catch {
        res.writeHead(400).end('Error: not JSON')
        return
      }
    }
    const request = new Request('https://app.invalid/api/webhooks/clerk', { method: 'POST', headers, body: text })
    verifyWebhook(request, { signingSecret }).then(
      () => res.writeHead(200).end('ok'),
      () => res.writeHead(400).end('Error: could not verify webhook'),
    )
  }
}

/**
 * The deployed apps the wiring checks meet, by host: each is `nextApp` with one fault of the ones apps ship with. The
 * build of each ships the configured production key (PK_LIVE) in its page, whatever its server holds.
 */
export function wiredApps(): Record<string, Site> {
  const html = `<!doctype html><html><head><title>Shop</title></head><body data-clerk-publishable-key="${PK_LIVE}"></body></html>`
  const app = (options: Partial<NextAppOptions>): Site => ({
    fallback: nextApp({ publishableKey: PK_LIVE, secretKey: SK_LIVE, html, ...options }),
  })
  return {
    // Protects /dashboard and /api/private; its matcher misses /reports; /settings is left unprotected.
    'example.com': app({ protect: ['/dashboard', '/api/private', '/reports'], unmatched: ['/reports'] }),
    'crashed.example': app({ crash: true }),
    'other-key.example': app({ publishableKey: OTHER_INSTANCE_KEY, secretKey: SK_OTHER, protect: ['/dashboard'] }),
    'dev-key.example': app({ publishableKey: PK_TEST, secretKey: SK_TEST, protect: ['/dashboard'] }),
    'proxied.example': app({ proxyUrl: 'https://proxied.example/__clerk', protect: ['/dashboard'] }),
    // The sign-in page is protected too: it sends a signed-out browser to itself.
    'loop.example': app({ protect: ['/dashboard', '/sign-in'] }),
    // No Clerk middleware at all: a static site, and a Next.js app whose middleware never runs.
    'static.example': { fallback: page(html) },
    'no-middleware.example': { fallback: page(html, { 'x-powered-by': 'Next.js' }) },
    // Satellites of example.com: wired (sign-in on the primary), wired with satelliteAutoSync, and not wired.
    'example.net': app({
      isSatellite: true,
      domain: 'example.net',
      signInUrl: 'https://example.com/sign-in',
      protect: ['/dashboard'],
    }),
    'example.dev': app({ isSatellite: true, domain: 'example.dev', satelliteAutoSync: true, protect: ['/dashboard'] }),
    'example.org': app({ protect: ['/dashboard'] }),
    // Keys of two instances at runtime: this instance's publishable key, another's secret key. The handshake goes to
    // the right Frontend API, and the server cannot verify what it brings back: a loop Clerk ends at the third round.
    'two-keys.example.com': app({ secretKey: INSTANCES.other.secretKey, protect: ['/dashboard'] }),
    // The Frontend APIs the handshakes go to.
    'clerk.example.com': {
      routes: {
        '/v1/client/handshake': frontendApiHandshake(INSTANCES.example),
        '/v1/environment': json({ display_config: { instance_environment_type: 'production' } }),
      },
    },
    'clerk.other-shop.com': { routes: { '/v1/client/handshake': frontendApiHandshake(INSTANCES.other) } },
    [DEV_HOST]: { routes: { '/v1/client/handshake': frontendApiHandshake(INSTANCES.development) } },
    // Odd chains after a handshake, as no Clerk middleware answers (handshakeThen): one that comes back to the page with
    // a new query every time, one that leaves for another host, one that never ends.
    'query-loop.example.com': handshakeThen((path, query) => `/?step=${Number(query.get('step') ?? 0) + 1}`),
    'hop-away.example.com': handshakeThen(() => 'https://elsewhere.example/landing'),
    'endless.example.com': handshakeThen(path => `/${Number(path.slice(1) || 0) + 1}`),
    'elsewhere.example': { fallback: page('<!doctype html><title>Elsewhere</title>') },
    // Something in front of the app that sends every request to Clerk's handshake, documents or not.
    'always-handshake.example': {
      fallback: (_req, _body, res) =>
        res
          .writeHead(307, {
            location: 'https://clerk.example.com/v1/client/handshake?__clerk_hs_reason=client-uat-but-no-session-token',
            'x-clerk-auth-status': 'handshake',
          })
          .end(),
    },
  }
}

/**
 * An app that, like Clerk's middleware, sends a document with `__client_uat=1` and no session to the handshake on
 * clerk.example.com, and once the Frontend API has sent it back (its `__clerk_handshake` cookie), redirects wherever
 * `next` says, from any path, for ever: the odd chains a follower of the handshake must stay bounded on.
 */
function handshakeThen(next: (path: string, query: URLSearchParams) => string): Site {
  return {
    fallback: (req, _body, res) => {
      const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'app.invalid'}`)
      const cookie = req.headers.cookie ?? ''
      if (/(?:^|; )__clerk_handshake=[^;]/.test(cookie) || url.pathname !== '/' || url.search) {
        res
          .writeHead(307, { location: next(url.pathname, url.searchParams), 'x-clerk-auth-status': 'signed-out' })
          .end()
        return
      }
      if (/(?:^|; )__client_uat=1/.test(cookie)) {
        const handshake = new URL('https://clerk.example.com/v1/client/handshake')
        handshake.searchParams.set('redirect_url', url.toString())
        handshake.searchParams.set('__clerk_hs_reason', 'client-uat-but-no-session-token')
        res.writeHead(307, { location: handshake.toString(), 'x-clerk-auth-status': 'handshake' }).end()
        return
      }
      res.writeHead(200, { 'content-type': 'text/html', 'x-clerk-auth-status': 'signed-out' }).end('<!doctype html>')
    },
  }
}
