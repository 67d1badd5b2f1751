import type { HttpClient, HttpResult } from '../web/http-client.js'
import { quote } from '../web/hostname.js'

/** What Clerk's APIs say about the instance. Only the fields the checks read are typed. */
export interface ClerkInstance {
  id?: string
  environment_type?: string
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

/** A primary domain and its satellites; Clerk's plans allow far fewer. */
export const MAX_DOMAINS = 25

/**
 * The Frontend API is asked as Clerk's own tools ask it, with the clerk-js major version it serves
 * (clerk/cli, packages/cli-core/src/lib/fapi.ts: `_clerk_js_version=5` on /v1/environment).
 */
export const CLERK_JS_VERSION = '5'

export function frontendEnvironmentUrl(base: string): string {
  return `${base.replace(/\/$/, '')}/v1/environment?_clerk_js_version=${CLERK_JS_VERSION}`
}

export interface ClerkApiOptions {
  /** Backend API base, from CLERK_API_URL. */
  backendUrl: string
  /** Frontend API base: the proxy, or https://<host the publishable key names>. */
  frontendUrl?: string
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

  private backend<T>(path: string, valid: (data: unknown) => boolean): Promise<ApiAnswer<T>> {
    if (!this.enabled) return Promise.resolve(this.disabled())
    if (!this.options.secretKey)
      return Promise.resolve({ ok: false, kind: 'disabled', detail: 'no secret key to ask the Backend API with' })
    const secret = this.options.secretKey.trim()
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
