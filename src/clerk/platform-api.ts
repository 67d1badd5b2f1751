import type { HttpClient } from '../web/http-client.js'
import { MAX_ANSWER_BYTES, type ApiAnswer } from './api.js'

/**
 * Clerk's Platform API, read with a Platform API key (`ak_…`), the way Clerk's CLI reads it for `clerk deploy status`
 * (clerk/cli, packages/cli-core/src/lib/plapi.ts; commands/deploy/status.ts and providers.ts): the application whose
 * production instance has this publishable key, that instance's configuration (`connection_oauth_<provider>`), and the
 * status Clerk keeps for a domain (DNS, SSL, mail). Read only; the key travels only in the Authorization header.
 */

export interface PlatformInstance {
  instance_id: string
  environment_type: string
  publishable_key: string
}

export interface PlatformApplication {
  application_id: string
  name?: string
  instances: PlatformInstance[]
}

/** One part of a domain's status: `complete`, or how far it is. */
export interface DomainCheckStatus {
  status: string
  required?: boolean
}

export interface DomainStatus {
  status: 'complete' | 'incomplete' | string
  dns?: DomainCheckStatus
  ssl?: DomainCheckStatus
  mail?: DomainCheckStatus
  proxy?: DomainCheckStatus
}

export interface ProductionOfKey {
  applicationId: string
  instanceId: string
}

export interface PlatformApiOptions {
  baseUrl: string
  apiKey?: string
  http: HttpClient
}

export class PlatformApi {
  private readonly answers = new Map<string, Promise<ApiAnswer<unknown>>>()

  constructor(private readonly options: PlatformApiOptions) {}

  get enabled(): boolean {
    return this.options.apiKey !== undefined
  }

  /** The application and production instance this publishable key belongs to. */
  async productionOf(publishableKey: string): Promise<ApiAnswer<ProductionOfKey>> {
    const listed = await this.get<PlatformApplication[]>('/v1/platform/applications', Array.isArray)
    if (!listed.ok) return listed
    for (const app of listed.data) {
      const instance = (app.instances ?? []).find(i => i.publishable_key === publishableKey.trim())
      if (instance) return { ok: true, data: { applicationId: app.application_id, instanceId: instance.instance_id } }
    }
    return {
      ok: false,
      kind: 'unexpected',
      detail: `none of the ${listed.data.length} applications the Platform API key can see has an instance with this publishable key`,
    }
  }

  instanceConfig(applicationId: string, instanceId: string): Promise<ApiAnswer<Record<string, unknown>>> {
    return this.get(
      `/v1/platform/applications/${encodeURIComponent(applicationId)}/instances/${encodeURIComponent(instanceId)}/config`,
      isObject,
    )
  }

  domainStatus(applicationId: string, domain: string): Promise<ApiAnswer<DomainStatus>> {
    return this.get(
      `/v1/platform/applications/${encodeURIComponent(applicationId)}/domains/${encodeURIComponent(domain)}/status`,
      data => isObject(data) && typeof (data as { status?: unknown }).status === 'string',
    )
  }

  private get<T>(path: string, valid: (data: unknown) => boolean): Promise<ApiAnswer<T>> {
    const key = this.options.apiKey
    if (key === undefined)
      return Promise.resolve({ ok: false, kind: 'disabled', detail: 'no Platform API key (platform-api-key)' })
    let answer = this.answers.get(path)
    if (!answer) {
      answer = this.ask<T>(path, key.trim(), valid)
      this.answers.set(path, answer)
    }
    return answer as Promise<ApiAnswer<T>>
  }

  private async ask<T>(path: string, key: string, valid: (data: unknown) => boolean): Promise<ApiAnswer<T>> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}${path}`
    const name = `${new URL(url).host}${path}`
    const answer = await this.options.http.request(url, {
      headers: { accept: 'application/json', authorization: `Bearer ${key}` },
      maxBytes: MAX_ANSWER_BYTES,
    })
    if (!answer.ok) return { ok: false, kind: 'unavailable', detail: answer.detail }
    const status = answer.status
    if (status === 401 || status === 403)
      return { ok: false, kind: 'unauthorized', status, detail: `${name} answered ${status}: the key was refused` }
    if (status < 200 || status >= 300)
      return {
        ok: false,
        kind: status >= 500 ? 'unavailable' : 'unexpected',
        status,
        detail: `${name} answered ${status}`,
      }
    if (answer.truncated) return { ok: false, kind: 'unexpected', detail: `${name} answered with too much` }
    let data: unknown
    try {
      data = JSON.parse(answer.body)
    } catch {
      return { ok: false, kind: 'unexpected', detail: `${name} answered with something that is not JSON` }
    }
    // The applications list comes bare or wrapped in { data }, depending on the endpoint's version.
    const unwrapped =
      Array.isArray((data as { data?: unknown })?.data) && !valid(data) ? (data as { data: unknown }).data : data
    if (!valid(unwrapped))
      return { ok: false, kind: 'unexpected', detail: `${name} answered in a shape this action does not know` }
    return { ok: true, data: unwrapped as T }
  }
}

function isObject(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data)
}
