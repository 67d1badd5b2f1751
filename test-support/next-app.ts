import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { createClerkClient } from '@clerk/backend'
import { createRedirect } from '@clerk/backend/internal'
import { verifyWebhook } from '@clerk/backend/webhooks'
import { page, type Handler, type Site } from './https-server.js'
import { PK_LIVE, PK_TEST, publishableKey, SK_LIVE, SK_TEST } from './keys.js'

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
  const page = options.html ?? '<!doctype html><html><head><title>App</title></head><body>app</body></html>'
  return (req: IncomingMessage, body: string, res: ServerResponse) => {
    const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http'
    const url = new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? 'app.invalid'}`)
    const base = new Headers({
      'x-powered-by': 'Next.js',
      'content-type': 'text/html; charset=utf-8',
      ...options.headers,
    })
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

export const OTHER_INSTANCE_KEY = publishableKey('live', 'clerk.other-shop.com')
const SK_OTHER = 'sk_live_FAKEotherSHOP0000notreal0000FAKEotherSHOP'

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
