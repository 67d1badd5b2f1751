import { ClerkApi } from '../clerk/api.js'
import { PlatformApi } from '../clerk/platform-api.js'
import { DnsClient } from '../dns/client.js'
import { HttpClient } from '../web/http-client.js'
import { fetchPage, type PageFetch } from '../web/page-fetch.js'
import type { Plan } from '../settings/plan.js'
import type { CheckId, CheckResult } from '../report/model.js'

/** What a check says about one subject; the runner adds the check's id and title. */
export type Finding = Omit<CheckResult, 'id' | 'title'>

/**
 * One concern, one module: gets the resolved plan, returns findings. A check does not print, does not know about
 * GitHub, and does not throw for bad input (the runner turns an unexpected throw into an `error` result anyway).
 */
export interface Check {
  id: CheckId
  title: string
  run(plan: Plan, tools: CheckTools): Finding[] | Promise<Finding[]>
}

/** The I/O a check may use, shared by all checks of a run so that no question is asked twice. */
export interface CheckTools {
  dns: DnsClient
  /** Every web exchange: pages, scripts, Clerk's APIs, certificates, the webhook endpoint. */
  http: HttpClient
  clerk: ClerkApi
  platform: PlatformApi
  /** The deployed page, fetched once per URL and run: every check that reads it (policy, keys, scripts) shares it. */
  fetchPage(url: string): Promise<PageFetch>
}

/** A deployed page gets this long to answer, redirects included (or http-timeout-ms, when that is longer). */
export const PAGE_TIMEOUT_MS = 10_000

export interface ToolTimeouts {
  pageMs?: number
  clerkApiMs?: number
}

export function createCheckTools(plan: Plan, timeouts: ToolTimeouts = {}): CheckTools {
  const dns = new DnsClient(plan.dnsServers, plan.dnsTimeoutMs)
  const http = new HttpClient({ dns, resolveThroughDns: plan.dnsServers.length > 0, timeoutMs: plan.httpTimeoutMs })
  const pages = new Map<string, Promise<PageFetch>>()
  return {
    dns,
    http,
    clerk: new ClerkApi({
      backendUrl: plan.clerkApiUrl,
      frontendUrl: plan.frontendApiUrl,
      secretKey: plan.secretKey?.value,
      disabledBecause: clerkApiDisabledBecause(plan),
      timeoutMs: timeouts.clerkApiMs,
      http,
    }),
    platform: new PlatformApi({ baseUrl: plan.platformApiUrl, apiKey: plan.platformApiKey?.value, http }),
    fetchPage: url => {
      let page = pages.get(url)
      if (!page) {
        // The longer of the two deadlines the checks that share it had: neither gives up on a page sooner than before.
        page = fetchPage(http, url, timeouts.pageMs ?? Math.max(PAGE_TIMEOUT_MS, plan.httpTimeoutMs))
        pages.set(url, page)
      }
      return page
    },
  }
}

function clerkApiDisabledBecause(plan: Plan): string | undefined {
  if (plan.clerkApi === 'false') return 'clerk-api is false'
  if (plan.clerkApi === 'auto' && !plan.secretKey)
    return 'no secret key (with clerk-api: auto, Clerk is asked only when one is present)'
  return undefined
}
