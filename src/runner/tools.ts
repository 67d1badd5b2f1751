import { ClerkApi } from '../clerk/api.js'
import { PlatformApi } from '../clerk/platform-api.js'
import { DnsClient } from '../dns/client.js'
import { AnswerCache } from '../web/answer-cache.js'
import { HttpClient } from '../web/http-client.js'
import { bypassHeaders } from '../web/deployment-protection.js'
import { fetchPage, type PageFetch } from '../web/page-fetch.js'
import { secretDestinations } from '../web/secret-destinations.js'
import type { Plan } from '../settings/plan.js'
import type { CheckTools } from '../checks/shared/check.js'
import { clerkApiDisabledBecause } from '../checks/shared/needs.js'

export interface ToolTimeouts {
  pageMs?: number
  clerkApiMs?: number
  /** The waits between reads of a domain's status after Clerk re-checks it. */
  recheckDelaysMs?: readonly number[]
}

/** The I/O of one run, made once and shared by every check, so that no question is asked twice. */
export function createCheckTools(plan: Plan, timeouts: ToolTimeouts = {}): CheckTools {
  const dns = new DnsClient(plan.dnsServers, plan.dnsTimeoutMs)
  const http = new HttpClient({
    dns,
    resolveThroughDns: plan.dnsServers.length > 0,
    timeoutMs: plan.httpTimeoutMs,
    secrets: secretDestinations(plan),
    // One request per URL and headers in the run, whichever checks ask it (the page, its probes, Clerk's pages).
    cache: new AnswerCache(),
  })
  const pages = new Map<string, Promise<PageFetch>>()
  return {
    dns,
    http,
    clerk: new ClerkApi({
      backendUrl: plan.clerkApiUrl,
      frontendUrl: plan.frontendApiUrl,
      keyFrontendUrl: plan.keyFrontendApiUrl,
      secretKey: plan.secretKey?.value,
      disabledBecause: clerkApiDisabledBecause(plan),
      timeoutMs: timeouts.clerkApiMs,
      http,
    }),
    platform: new PlatformApi({
      baseUrl: plan.platformApiUrl,
      apiKey: plan.platformApiKey?.value,
      http,
      recheckDelaysMs: timeouts.recheckDelaysMs,
    }),
    fetchPage: url => {
      let page = pages.get(url)
      if (!page) {
        // http-timeout-ms bounds every web exchange: the page (its redirects included) as Clerk's APIs.
        page = fetchPage(
          http,
          url,
          timeouts.pageMs ?? plan.httpTimeoutMs,
          bypassHeaders({ ...plan, appUrl: plan.url }, url),
        )
        pages.set(url, page)
      }
      return page
    },
  }
}
