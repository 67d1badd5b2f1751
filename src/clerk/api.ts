import type { HttpClient, HttpResult } from '../web/http-client.js'
import { quote } from '../web/hostname.js'

/** What Clerk's APIs say about the instance. Only the fields the checks read are typed. */
export interface ClerkInstance {
  id?: string
  environment_type?: string
  /** Origins besides the instance's domains that may talk to it (extensions, native shells); null when none. */
  allowed_origins?: string[] | null
}

/** One JWT template as `GET /v1/jwt_templates` lists it (clerk/openapi-specs, bapi: `JWTTemplate`). */
export interface JwtTemplate {
  id?: string
  name: string
}

/** The templates Clerk listed, and how many it says there are (a paginated answer's `total_count`). */
export interface JwtTemplateList {
  templates: JwtTemplate[]
  totalCount: number
}

/** One public key of a JSON Web Key Set (RFC 7517); only what the checks compare is typed. */
export interface JsonWebKey {
  kid?: string
  kty?: string
  alg?: string
  n?: string
  e?: string
  x?: string
  y?: string
  crv?: string
}

/** Clerk's answer to `POST /v1/proxy_checks` (clerk/openapi-specs, bapi: `ProxyCheck`). */
export interface ProxyCheck {
  id?: string
  domain_id?: string
  proxy_url?: string
  successful: boolean
  last_run_at?: number | null
}

export interface ClerkCnameTarget {
  host: string
  value: string
  required: boolean
}

export interface ClerkDomain {
  id?: string
  name: string
  is_satellite: boolean
  frontend_api_url: string
  proxy_url?: string | null
  cname_targets?: ClerkCnameTarget[] | null
}

/** Billing's switch, in the shapes Clerk's clerk-js types have had (one flag; then per payer). */
interface BillingSettings {
  enabled?: boolean
  user?: { enabled?: boolean }
  organization?: { enabled?: boolean }
}

/** One social connection as the Frontend API lists it under `user_settings.social`. */
export interface SocialConnection {
  enabled?: boolean
  /** false: a connect-only connection, not offered for signing in (clerk-js UserSettings.ts). */
  authenticatable?: boolean
  strategy?: string
  name?: string
}

export interface FrontendEnvironment {
  display_config?: { instance_environment_type?: string; google_one_tap_client_id?: string | null }
  commerce_settings?: { billing?: BillingSettings }
  user_settings?: {
    attributes?: { passkey?: { enabled?: boolean } }
    social?: Record<string, SocialConnection>
  }
}

/**
 * An instance type as an answer says it, for a message: Clerk's two as they are, any other text quoted short (outside
 * data can be any size), anything else (a number, a nested value) nothing.
 */
export function shownInstanceType(said: unknown): string | undefined {
  if (typeof said !== 'string' || said === '') return undefined
  return said === 'production' || said === 'development' ? said : quote(said)
}

export type ApiFailure = {
  ok: false
  /** unauthorized: the secret key was refused; unavailable: Clerk could not be asked (network, 5xx, 429, a stall). */
  kind: 'unauthorized' | 'unavailable' | 'unexpected' | 'disabled'
  detail: string
  status?: number
  /** Why Clerk could not be reached when the reason is on the runner's side (its resolver), not Clerk's or the user's. */
  runner?: string
}

/** `note`: what was left out of a usable answer (a list cut to its bound). */
export type ApiAnswer<T> = { ok: true; data: T; note?: string } | ApiFailure

export const DEFAULT_BACKEND_API_URL = 'https://api.clerk.com'
/** Clerk's answers are a few KiB; a body beyond this is not Clerk's, and is not read further. */
export const MAX_ANSWER_BYTES = 2 * 2 ** 20

/** The most templates one page lists (clerk/openapi-specs, bapi: `LimitParameter`, maximum 500). */
export const JWT_TEMPLATES_PAGE = 500
/** Clerk's key sets hold one or two keys (one being rotated in); past this an answer is not read further. */
export const MAX_JWKS_KEYS = 20

/** A primary domain and its satellites; Clerk's plans allow far fewer. */
export const MAX_DOMAINS = 25

/**
 * The Frontend API is asked as Clerk's own tools ask it, with the clerk-js major version it serves
 * (clerk/cli, packages/cli-core/src/lib/fapi.ts: `CLERK_JS_API_VERSION = "6"`, sent as `_clerk_js_version` on
 * /v1/environment).
 */
export const CLERK_JS_VERSION = '6'

export function frontendEnvironmentUrl(base: string): string {
  return `${base.replace(/\/$/, '')}/v1/environment?_clerk_js_version=${CLERK_JS_VERSION}`
}

export interface ClerkApiOptions {
  /** Backend API base, from CLERK_API_URL. */
  backendUrl: string
  /** Frontend API base: the proxy, or https://<host the publishable key names>. */
  frontendUrl?: string
  /**
   * https://<host the publishable key names>, never a proxy: what must be the instance's own (its signing keys) is read
   * here, since a proxy URL may come from the configuration file, which on a pull request is its author's.
   */
  keyFrontendUrl?: string
  secretKey?: string
  /** Why the APIs are not asked, when they are not. */
  disabledBecause?: string
  /** Each request's deadline; the HTTP client's (http-timeout-ms) when not given. */
  timeoutMs?: number
  /** How every request goes out (names through dns-servers, deadlines, bounded bodies). */
  http: HttpClient
}

/**
 * Asks Clerk's Backend and Frontend APIs, each question once per run: a short deadline, one retry for what may pass
 * (no answer, 5xx, 429). The secret key travels only in the Authorization header and appears in no message.
 */
export class ClerkApi {
  private readonly answers = new Map<string, Promise<ApiAnswer<unknown>>>()

  constructor(private readonly options: ClerkApiOptions) {}

  get enabled(): boolean {
    return this.options.disabledBecause === undefined
  }

  /** Why the APIs are not asked, when they are not. */
  get disabledBecause(): string | undefined {
    return this.options.disabledBecause
  }

  get backendUrl(): string {
    return this.options.backendUrl
  }

  instance(): Promise<ApiAnswer<ClerkInstance>> {
    return this.backend<ClerkInstance>('/v1/instance', data => typeof data === 'object' && data !== null)
  }

  domains(): Promise<ApiAnswer<ClerkDomain[]>> {
    return askedOnce(this.answers, 'bapi /v1/domains', async () => {
      const answer = await this.backend<{ data?: ClerkDomain[] }>(
        '/v1/domains',
        data => typeof data === 'object' && data !== null && Array.isArray((data as { data?: unknown }).data),
      )
      if (!answer.ok) return answer
      // Each domain fans out into DNS questions: a list past any real instance's is cut, and the cut is said.
      const all = answer.data.data ?? []
      if (all.length <= MAX_DOMAINS) return { ok: true, data: all }
      return {
        ok: true,
        data: all.slice(0, MAX_DOMAINS),
        note: `Clerk listed ${all.length} domains; the DNS checks look at the first ${MAX_DOMAINS}`,
      }
    })
  }

  /**
   * The instance's JWT templates, one page of the most Clerk lists at once (`paginated=true`, as @clerk/backend's
   * `jwtTemplates.list()` asks, answers `{ data, total_count }`; the spec's plain array is read too).
   */
  jwtTemplates(): Promise<ApiAnswer<JwtTemplateList>> {
    return askedOnce(this.answers, 'bapi /v1/jwt_templates', async () => {
      const answer = await this.backend<unknown>(
        `/v1/jwt_templates?paginated=true&limit=${JWT_TEMPLATES_PAGE}`,
        data => templateItems(data) !== undefined,
      )
      if (!answer.ok) return answer
      const items = templateItems(answer.data) ?? []
      const templates = items.filter(
        (t): t is JwtTemplate => typeof t === 'object' && t !== null && typeof (t as JwtTemplate).name === 'string',
      )
      const total = (answer.data as { total_count?: unknown }).total_count
      return {
        ok: true,
        data: { templates, totalCount: typeof total === 'number' && total > items.length ? total : items.length },
      }
    })
  }

  /** The instance's signing keys from the Backend API (`GET /v1/jwks`), with the secret key. */
  jwks(): Promise<ApiAnswer<JsonWebKey[]>> {
    return askedOnce(this.answers, 'bapi /v1/jwks', async () => {
      const answer = await this.backend<{ keys: unknown[] }>('/v1/jwks', isKeySet)
      return answer.ok ? { ok: true, data: publicKeys(answer.data.keys) } : answer
    })
  }

  /**
   * The same keys from the Frontend API (`GET /.well-known/jwks.json`), public: what every verifier fetches. Asked at
   * the host the publishable key names, never at a proxy: a proxy the file names could answer another instance's keys.
   */
  frontendJwks(): Promise<ApiAnswer<JsonWebKey[]>> {
    const base = this.options.keyFrontendUrl
    if (!base)
      return Promise.resolve({
        ok: false,
        kind: 'disabled',
        detail: 'no Frontend API host: the publishable key is missing or malformed',
      })
    const url = `${base.replace(/\/$/, '')}/.well-known/jwks.json`
    return askedOnce(this.answers, `fapi ${url}`, async () => {
      const answer = await this.get<{ keys: unknown[] }>(url, {}, isKeySet)
      return answer.ok ? { ok: true, data: publicKeys(answer.data.keys) } : answer
    })
  }

  /**
   * Asks Clerk to verify that `proxyUrl` forwards to the Frontend API for the domain (`POST /v1/proxy_checks`). A POST
   * is sent once and never again, whatever happens to it: Clerk records each check it runs.
   */
  proxyCheck(domainId: string, proxyUrl: string): Promise<ApiAnswer<ProxyCheck>> {
    return askedOnce(this.answers, `bapi POST /v1/proxy_checks ${domainId} ${proxyUrl}`, async () => {
      const secret = this.backendSecret()
      if (typeof secret !== 'string') return secret
      const url = `${this.options.backendUrl.replace(/\/$/, '')}/v1/proxy_checks`
      const timeoutMs = this.options.timeoutMs ?? this.options.http.timeoutMs
      const answer = await this.options.http.request(url, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ domain_id: domainId, proxy_url: proxyUrl }),
        maxBytes: MAX_ANSWER_BYTES,
        timeoutMs,
      })
      const read = readAnswer<ProxyCheck>(
        answer,
        url,
        data => typeof data === 'object' && data !== null && typeof (data as ProxyCheck).successful === 'boolean',
        timeoutMs,
      )
      // Clerk answers a proxy that fails its check with 400/422 and its reasons: those are the verdict, not a fault.
      if (!read.ok && answer.ok && (answer.status === 400 || answer.status === 422))
        return { ...read, detail: clerkErrorMessage(answer.body) ?? read.detail }
      return read
    })
  }

  environment(): Promise<ApiAnswer<FrontendEnvironment>> {
    if (!this.enabled) return Promise.resolve(this.disabled())
    return this.liveEnvironment()
  }

  /**
   * The instance's own Frontend API, asked also with clerk-api off: a live check asks what every browser that loads
   * the app asks. The same answer as environment()'s.
   */
  liveEnvironment(): Promise<ApiAnswer<FrontendEnvironment>> {
    const base = this.options.frontendUrl
    if (!base)
      return Promise.resolve({
        ok: false,
        kind: 'disabled',
        detail: 'no Frontend API host: the publishable key is missing or malformed',
      })
    return this.environmentAt(base)
  }

  /** Another instance's Frontend API (the development instance's, for oauth.providers): public, no key sent. */
  environmentAt(base: string): Promise<ApiAnswer<FrontendEnvironment>> {
    const url = frontendEnvironmentUrl(base)
    return askedOnce(this.answers, `fapi ${url}`, () =>
      this.get<FrontendEnvironment>(url, {}, data => typeof data === 'object' && data !== null),
    )
  }

  private disabled(): ApiFailure {
    return { ok: false, kind: 'disabled', detail: this.options.disabledBecause ?? 'disabled' }
  }

  /** The secret key to ask the Backend API with, or why it is not asked. */
  private backendSecret(): string | ApiFailure {
    if (!this.enabled) return this.disabled()
    if (!this.options.secretKey)
      return { ok: false, kind: 'disabled', detail: 'no secret key to ask the Backend API with' }
    return this.options.secretKey.trim()
  }

  private backend<T>(path: string, valid: (data: unknown) => boolean): Promise<ApiAnswer<T>> {
    const secret = this.backendSecret()
    if (typeof secret !== 'string') return Promise.resolve(secret)
    return askedOnce(this.answers, `bapi ${path}`, () =>
      this.get<T>(`${this.options.backendUrl.replace(/\/$/, '')}${path}`, { authorization: `Bearer ${secret}` }, valid),
    )
  }

  private async get<T>(
    url: string,
    headers: Record<string, string>,
    valid: (data: unknown) => boolean,
  ): Promise<ApiAnswer<T>> {
    const timeoutMs = this.options.timeoutMs ?? this.options.http.timeoutMs
    let last: ApiAnswer<T> | undefined
    for (let attempt = 1; attempt <= 2; attempt++) {
      const answer = await this.options.http.request(url, {
        headers: { accept: 'application/json', ...headers },
        maxBytes: MAX_ANSWER_BYTES,
        timeoutMs,
      })
      last = readAnswer<T>(answer, url, valid, timeoutMs)
      if (last.ok || last.kind !== 'unavailable') return last
    }
    return { ...(last as ApiFailure), detail: `${(last as ApiFailure).detail}, twice` }
  }
}

/** A template list in either shape Clerk answers: the spec's plain array, or a paginated `{ data: [...] }`. */
function templateItems(data: unknown): unknown[] | undefined {
  if (Array.isArray(data)) return data
  const paged = typeof data === 'object' && data !== null ? (data as { data?: unknown }).data : undefined
  return Array.isArray(paged) ? paged : undefined
}

function isKeySet(data: unknown): boolean {
  return typeof data === 'object' && data !== null && Array.isArray((data as { keys?: unknown }).keys)
}

/** The keys of a set that carry public key material, at most MAX_JWKS_KEYS of them. */
function publicKeys(keys: unknown[]): JsonWebKey[] {
  return keys
    .slice(0, MAX_JWKS_KEYS)
    .filter((k): k is JsonWebKey => typeof k === 'object' && k !== null && typeof (k as JsonWebKey).kty === 'string')
}

/** Clerk's own words for a refusal (`errors[0].long_message`, else `message`), short. */
export function clerkErrorMessage(body: string): string | undefined {
  try {
    const first = (JSON.parse(body) as { errors?: Array<{ message?: unknown; long_message?: unknown }> }).errors?.[0]
    const said = first?.long_message ?? first?.message
    return typeof said === 'string' && said !== '' ? quote(said, 200) : undefined
  } catch {
    return undefined
  }
}

/**
 * One HTTP answer read as a Clerk API's JSON answer. `unavailable` is what may pass on a second try (no answer, 5xx,
 * 429); the rest is final.
 */
export function readAnswer<T>(
  answer: HttpResult,
  url: string,
  valid: (data: unknown) => boolean,
  timeoutMs: number,
): ApiAnswer<T> {
  const where = new URL(url)
  const name = `${where.host}${where.pathname}`
  if (!answer.ok) {
    return {
      ok: false,
      kind: 'unavailable',
      ...(answer.kind === 'runner' ? { runner: answer.detail } : {}),
      detail:
        answer.kind === 'timeout'
          ? `${name} did not answer within ${timeoutMs} ms`
          : answer.code
            ? `${name} could not be reached (${answer.code})`
            : answer.detail,
    }
  }
  const status = answer.status
  if (status === 401 || status === 403)
    return { ok: false, kind: 'unauthorized', status, detail: `${name} answered ${status}` }
  if (status >= 500 || status === 429)
    return { ok: false, kind: 'unavailable', status, detail: `${name} answered ${status}` }
  if (status < 200 || status >= 300)
    return { ok: false, kind: 'unexpected', status, detail: `${name} answered ${status}` }
  if (answer.truncated)
    return {
      ok: false,
      kind: 'unexpected',
      detail: `${name} answered with more than ${MAX_ANSWER_BYTES / 2 ** 20} MiB, more than this endpoint ever sends`,
    }
  let data: unknown
  try {
    data = JSON.parse(answer.body)
  } catch {
    return { ok: false, kind: 'unexpected', detail: `${name} answered with something that is not JSON` }
  }
  if (!valid(data))
    return { ok: false, kind: 'unexpected', detail: `${name} answered in a shape this action does not know` }
  return { ok: true, data: data as T }
}

/** Asks each question once: a repeated key gets the first answer, also while it is still on its way. */
export function askedOnce<T>(
  answers: Map<string, Promise<ApiAnswer<unknown>>>,
  key: string,
  ask: () => Promise<ApiAnswer<T>>,
): Promise<ApiAnswer<T>> {
  let answer = answers.get(key)
  if (!answer) {
    answer = ask()
    answers.set(key, answer)
  }
  return answer as Promise<ApiAnswer<T>>
}
