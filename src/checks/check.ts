import { ClerkApi } from '../clerk/api.js'
import { DnsClient } from '../dns/client.js'
import { fetchPagePolicy, type PageFetch } from '../web/page-fetch.js'
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
  clerk: ClerkApi
  fetchPage(url: string): Promise<PageFetch>
}

/** A deployed page gets this long to answer, redirects included. */
export const PAGE_TIMEOUT_MS = 10_000

export interface ToolTimeouts {
  pageMs?: number
  clerkApiMs?: number
}

export function createCheckTools(plan: Plan, timeouts: ToolTimeouts = {}): CheckTools {
  return {
    dns: new DnsClient(plan.dnsServers, plan.dnsTimeoutMs),
    clerk: new ClerkApi({
      backendUrl: plan.clerkApiUrl,
      frontendUrl: plan.frontendApiUrl,
      secretKey: plan.secretKey?.value,
      disabledBecause: clerkApiDisabledBecause(plan),
      timeoutMs: timeouts.clerkApiMs,
    }),
    fetchPage: url => fetchPagePolicy(url, timeouts.pageMs ?? PAGE_TIMEOUT_MS),
  }
}

function clerkApiDisabledBecause(plan: Plan): string | undefined {
  if (plan.clerkApi === 'false') return 'clerk-api is false'
  if (plan.clerkApi === 'auto' && !plan.secretKey)
    return 'no secret key (with clerk-api: auto, Clerk is asked only when one is present)'
  return undefined
}
