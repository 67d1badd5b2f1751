import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { ClerkDomain, JsonWebKey } from '../src/clerk/api.js'

/**
 * A stand-in for Clerk's Backend API (/v1/instance, /v1/domains, which need the secret key) and Frontend API
 * (/v1/environment), on loopback, answering in the shapes of Clerk's public OpenAPI specs. Faults on demand.
 */

export interface ClerkStandInOptions {
  secretKey: string
  environmentType: 'production' | 'development'
  domains: ClerkDomain[]
  passkeys?: boolean
  /** Clerk Billing on (commerce_settings.billing.enabled). */
  billing?: boolean
  /** Google One Tap's client id (display_config.google_one_tap_client_id). */
  googleOneTapClientId?: string
  /** The instance's JWT templates, by name (GET /v1/jwt_templates). */
  jwtTemplates?: string[]
  /** The instance's signing keys (Backend API GET /v1/jwks, Frontend API GET /.well-known/jwks.json). */
  jwks?: JsonWebKey[]
  /** GET /v1/instance's allowed_origins. */
  allowedOrigins?: string[] | null
  /** How POST /v1/proxy_checks judges a proxy: successful, or refused with Clerk's 400 and its message. */
  proxyCheck?: (domainId: string, proxyUrl: string) => { successful: boolean } | { refused: string }
}

export interface ClerkFault {
  path: string
  status?: number
  /** Never answer. */
  stall?: boolean
  /** Answer 200 with this raw body (`null`, a wrong shape). */
  body?: string
  /** Answer 200 and send JSON-looking bytes for ever. */
  endless?: boolean
  times?: number
}

export interface ClerkStandIn {
  url: string
  requests: Array<{ path: string; authorization?: string; method?: string; query?: string; body?: string }>
  fail(fault: ClerkFault): void
  close(): Promise<void>
}

/** A production instance's domain as GET /v1/domains lists it. */
export function productionDomain(
  name: string,
  mailId = 'ab12cd34ef56',
  extra: Array<{ host: string; value: string; required: boolean }> = [],
): ClerkDomain {
  return {
    id: `dmn_${name.replace(/\W/g, '')}`,
    name,
    is_satellite: false,
    frontend_api_url: `https://clerk.${name}`,
    proxy_url: null,
    cname_targets: [
      { host: `clerk.${name}`, value: 'frontend-api.clerk.services', required: true },
      { host: `accounts.${name}`, value: 'accounts.clerk.services', required: true },
      { host: `clkmail.${name}`, value: `mail.${mailId}.clerk.services`, required: true },
      { host: `clk._domainkey.${name}`, value: `dkim1.${mailId}.clerk.services`, required: true },
      { host: `clk2._domainkey.${name}`, value: `dkim2.${mailId}.clerk.services`, required: true },
      ...extra,
    ],
  }
}

/**
 * The stand-ins of this test file still open: each is closed after every test. Jest loads this module once per test
 * file, so the hook is that file's; a test that starts a second stand-in over a first, or forgets one, leaves no
 * listening server to hold jest open (it did once: `forceExit` was its cure). Outside jest (the demo) there is no hook.
 */
const open = new Set<ClerkStandIn>()
;(globalThis as { afterEach?: (fn: () => Promise<unknown>) => void }).afterEach?.(() =>
  Promise.all([...open].map(standIn => standIn.close())),
)

export async function startClerkStandIn(options: ClerkStandInOptions): Promise<ClerkStandIn> {
  const requests: ClerkStandIn['requests'] = []
  const faults: Array<ClerkFault & { left: number }> = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', chunk => (body += chunk))
    req.on('end', () => answer(req, res, body))
  })
  // Every socket, so that close() ends them all, a stalled answer's and an idle keep-alive one's alike: a socket left
  // open keeps jest from exiting after the tests.
  const sockets = new Set<Socket>()
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const answer = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    const where = new URL(req.url ?? '/', 'http://stand-in')
    const path = where.pathname
    requests.push({ path, authorization: req.headers.authorization, method: req.method, query: where.search, body })
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    const fault = faults.find(f => f.left > 0 && f.path === path)
    if (fault) {
      fault.left--
      if (fault.stall) return
      if (fault.body !== undefined) {
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(fault.body)
      }
      if (fault.endless) {
        res.writeHead(200, { 'content-type': 'application/json' })
        const chunk = Buffer.alloc(64 * 1024, '[')
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump)
        }
        return pump()
      }
      return send(fault.status ?? 500, { errors: [{ message: 'fault', code: 'internal_clerk_error' }] })
    }
    const authorized = req.headers.authorization === `Bearer ${options.secretKey}`
    const unauthorized = () =>
      send(401, {
        errors: [
          {
            message: 'Invalid authentication',
            long_message: 'The provided Clerk Secret Key is invalid.',
            code: 'authentication_invalid',
          },
        ],
      })
    if (path === '/v1/instance') {
      if (!authorized) return unauthorized()
      return send(200, {
        object: 'instance',
        id: 'ins_FAKE0001',
        environment_type: options.environmentType,
        allowed_origins: options.allowedOrigins ?? null,
        workspace_id: null,
      })
    }
    if (path === '/v1/jwt_templates') {
      if (!authorized) return unauthorized()
      return send(200, jwtTemplatesAnswer(options.jwtTemplates ?? [], where.searchParams))
    }
    if (path === '/v1/jwks') {
      if (!authorized) return unauthorized()
      return send(200, { keys: options.jwks ?? [] })
    }
    if (path === '/.well-known/jwks.json') return send(200, { keys: options.jwks ?? [] })
    if (path === '/v1/proxy_checks' && req.method === 'POST') {
      if (!authorized) return unauthorized()
      return proxyCheckAnswer(options, body, send)
    }
    if (path === '/v1/domains') {
      if (!authorized) return unauthorized()
      return send(200, {
        data: options.domains.map(d => ({ object: 'domain', development_origin: '', accounts_portal_url: null, ...d })),
        total_count: options.domains.length,
      })
    }
    if (path === '/v1/environment') {
      return send(200, {
        auth_config: { object: 'auth_config', id: 'aac_FAKE' },
        display_config: {
          object: 'display_config',
          id: 'display_config_FAKE',
          instance_environment_type: options.environmentType,
          application_name: 'Fake shop',
          google_one_tap_client_id: options.googleOneTapClientId ?? null,
        },
        commerce_settings: {
          object: 'commerce_settings',
          billing: {
            enabled: options.billing ?? false,
            stripe_publishable_key: options.billing ? 'pk_test_FAKE_STRIPE' : '',
            has_paid_user_plans: false,
            has_paid_org_plans: false,
          },
        },
        user_settings: {
          attributes: {
            passkey: {
              enabled: options.passkeys ?? false,
              required: false,
              used_for_first_factor: options.passkeys ?? false,
            },
          },
        },
      })
    }
    send(404, { errors: [{ message: 'not found', code: 'resource_not_found' }] })
  }
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const standIn: ClerkStandIn = {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail: fault => faults.push({ ...fault, left: fault.times ?? 1 }),
    close: () =>
      new Promise<void>(resolve => {
        open.delete(standIn)
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
  open.add(standIn)
  return standIn
}

/** GET /v1/jwt_templates: the spec's plain array, or with `paginated=true` Clerk's `{ data, total_count }`, a page of it. */
function jwtTemplatesAnswer(names: string[], query: URLSearchParams): unknown {
  const all = names.map((name, i) => ({
    object: 'jwt_template',
    id: `jtmp_FAKE${i}`,
    name,
    claims: { aud: name },
    lifetime: 60,
    allowed_clock_skew: 5,
    custom_signing_key: false,
    signing_algorithm: 'RS256',
    created_at: 1700000000000,
    updated_at: 1700000000000,
  }))
  const limit = Number(query.get('limit') ?? 10)
  const offset = Number(query.get('offset') ?? 0)
  const page = all.slice(offset, offset + limit)
  return query.get('paginated') === 'true' ? { data: page, total_count: all.length } : page
}

/** POST /v1/proxy_checks: a ProxyCheck, or Clerk's 400 with its reason. */
function proxyCheckAnswer(
  options: ClerkStandInOptions,
  body: string,
  send: (status: number, body: unknown) => void,
): void {
  const asked = JSON.parse(body || '{}') as { domain_id?: string; proxy_url?: string }
  const verdict = options.proxyCheck?.(asked.domain_id ?? '', asked.proxy_url ?? '') ?? { successful: true }
  if ('refused' in verdict) {
    return send(400, {
      errors: [{ message: 'proxy check failed', long_message: verdict.refused, code: 'proxy_check_failed' }],
    })
  }
  send(200, {
    object: 'proxy_check',
    id: 'proxchk_FAKE',
    domain_id: asked.domain_id,
    last_run_at: 1700000000000,
    proxy_url: asked.proxy_url,
    successful: verdict.successful,
    created_at: 1700000000000,
    updated_at: 1700000000000,
  })
}
