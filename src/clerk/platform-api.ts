import type { HttpClient } from '../web/http-client.js'
import { askedOnce, MAX_ANSWER_BYTES, readAnswer, type ApiAnswer } from './api.js'

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

/** Why a part is not complete, in Clerk's words (clerk/openapi-specs, platform/beta.yml: FailureHint). */
export interface FailureHint {
  code?: string
  message?: string
}

/** One part of a domain's status: `complete`, or how far it is. */
export interface DomainCheckStatus {
  status: string
  required?: boolean
  failure_hints?: FailureHint[] | null
}

export interface DomainStatus {
  status: 'complete' | 'incomplete' | string
  dns?: DomainCheckStatus & { cnames?: Record<string, { failure_hints?: FailureHint[] | null } | undefined> }
  ssl?: DomainCheckStatus
  ssl_hosts?: Record<string, DomainCheckStatus | undefined>
  mail?: DomainCheckStatus
  proxy?: DomainCheckStatus
}

/**
 * After asking Clerk to re-check a domain's DNS, its status is read again after each of these waits while it is not
 * complete: `clerk deploy status` waits 2 s after its check, then backs off from 3 s; a gate waits less.
 */
export const RECHECK_DELAYS_MS = [2000, 4000]

/** One property of the configuration's JSON schema; only what the credential fields are read from is typed. */
export interface ConfigSchemaProperty {
  type?: string
  readOnly?: boolean
  enum?: unknown[]
  properties?: Record<string, ConfigSchemaProperty>
}

export interface InstanceConfigSchema {
  properties?: Record<string, ConfigSchemaProperty>
}

export interface ProductionOfKey {
  applicationId: string
  instanceId: string
}

export interface PlatformApiOptions {
  baseUrl: string
  apiKey?: string
  http: HttpClient
  /** The waits between reads of a domain's status after a re-check (RECHECK_DELAYS_MS). */
  recheckDelaysMs?: readonly number[]
}

export class PlatformApi {
  private readonly answers = new Map<string, Promise<ApiAnswer<unknown>>>()

  constructor(private readonly options: PlatformApiOptions) {}

  get enabled(): boolean {
    return this.options.apiKey !== undefined
  }

  /** The application and production instance this publishable key belongs to. */
  async productionOf(publishableKey: string): Promise<ApiAnswer<ProductionOfKey>> {
    const listed = await this.get<unknown[]>('/v1/platform/applications', Array.isArray)
    if (!listed.ok) return listed
    // Outside data: each entry is read only in the shape Clerk documents, and one of another shape is named.
    let odd = 0
    for (const app of listed.data) {
      const instances = isObject(app) ? (app as Partial<PlatformApplication>).instances : undefined
      if (!Array.isArray(instances)) {
        odd++
        continue
      }
      const instance: unknown = instances.find(
        i => isObject(i) && (i as PlatformInstance).publishable_key === publishableKey.trim(),
      )
      if (!instance) continue
      const applicationId = (app as PlatformApplication).application_id
      const instanceId = (instance as PlatformInstance).instance_id
      if (typeof applicationId !== 'string' || typeof instanceId !== 'string') {
        return {
          ok: false,
          kind: 'unexpected',
          detail: 'the Platform API lists this publishable key without the application_id and instance_id it documents',
        }
      }
      return { ok: true, data: { applicationId, instanceId } }
    }
    return {
      ok: false,
      kind: 'unexpected',
      detail: `none of the ${listed.data.length} applications the Platform API key can see has an instance with this publishable key${
        odd > 0 ? ` (${odd} of them not an application with a list of instances, as the Platform API documents)` : ''
      }`,
    }
  }

  instanceConfig(applicationId: string, instanceId: string): Promise<ApiAnswer<Record<string, unknown>>> {
    return this.get(
      `/v1/platform/applications/${encodeURIComponent(applicationId)}/instances/${encodeURIComponent(instanceId)}/config`,
      isObject,
    )
  }

  /**
   * The JSON schema of the instance configuration's keys, as `clerk deploy` reads it to know each social connection's
   * credential fields (clerk/cli, packages/cli-core/src/lib/plapi.ts: fetchInstanceConfigSchema, `?keys=`).
   */
  instanceConfigSchema(
    applicationId: string,
    instanceId: string,
    keys: readonly string[],
  ): Promise<ApiAnswer<InstanceConfigSchema>> {
    const query = keys.map(key => `keys=${encodeURIComponent(key)}`).join('&')
    return this.get(
      `/v1/platform/applications/${encodeURIComponent(applicationId)}/instances/${encodeURIComponent(instanceId)}/config/schema?${query}`,
      isObject,
    )
  }

  /**
   * The domain's status after asking Clerk to re-check its DNS first, as `clerk deploy status` does (clerk/cli,
   * packages/cli-core/src/commands/deploy/status.ts: triggerDeployStatusCheck, waitForDeployStatus;
   * `POST …/domains/<domain>/dns_check`, whose 409 means a check is already running), then read again while it is not
   * complete, within RECHECK_DELAYS_MS.
   */
  async domainStatus(applicationId: string, domain: string): Promise<ApiAnswer<DomainStatus> & { rechecked?: string }> {
    const base = `/v1/platform/applications/${encodeURIComponent(applicationId)}/domains/${encodeURIComponent(domain)}`
    const isStatus = (data: unknown) => isObject(data) && typeof (data as { status?: unknown }).status === 'string'
    const recheck = await this.send<DomainStatus>('POST', `${base}/dns_check`, isStatus)
    const rechecked = recheck.ok
      ? 'asked Clerk to re-check DNS first'
      : recheck.status === 409
        ? 'a DNS re-check was already running at Clerk'
        : `Clerk could not be asked to re-check DNS (${recheck.detail})`
    let status: ApiAnswer<DomainStatus> = recheck.ok ? recheck : await this.send('GET', `${base}/status`, isStatus)
    for (const delay of this.options.recheckDelaysMs ?? RECHECK_DELAYS_MS) {
      if (!status.ok || status.data.status === 'complete') break
      await new Promise(resolve => setTimeout(resolve, delay))
      status = await this.send('GET', `${base}/status`, isStatus)
    }
    return { ...status, rechecked }
  }

  /** Asked once a run: what does not change while it runs. */
  private get<T>(path: string, valid: (data: unknown) => boolean): Promise<ApiAnswer<T>> {
    return askedOnce(this.answers, path, () => this.send<T>('GET', path, valid))
  }

  private async send<T>(
    method: 'GET' | 'POST',
    path: string,
    valid: (data: unknown) => boolean,
  ): Promise<ApiAnswer<T>> {
    const key = this.options.apiKey
    if (key === undefined) return { ok: false, kind: 'disabled', detail: 'no Platform API key (platform-api-key)' }
    const url = `${this.options.baseUrl.replace(/\/$/, '')}${path}`
    const answer = await this.options.http.request(url, {
      method,
      headers: { accept: 'application/json', authorization: `Bearer ${key.trim()}` },
      ...(method === 'POST' ? { body: '' } : {}),
      // A status read after a wait is asked anew, not answered with the run's earlier read.
      fresh: true,
      maxBytes: MAX_ANSWER_BYTES,
    })
    const read = readAnswer<unknown>(answer, url, d => valid(d) || valid(unwrapped(d)), this.options.http.timeoutMs)
    if (!read.ok) return read
    return { ok: true, data: (valid(read.data) ? read.data : unwrapped(read.data)) as T }
  }
}

/** The applications list comes bare or wrapped in { data }, depending on the endpoint's version. */
function unwrapped(data: unknown): unknown {
  return !Array.isArray(data) && Array.isArray((data as { data?: unknown } | null)?.data)
    ? (data as { data: unknown }).data
    : data
}

function isObject(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data)
}
