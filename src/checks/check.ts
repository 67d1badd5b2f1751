import { DnsClient } from '../dns-client.js'
import { fetchPagePolicy, type PageFetch } from '../page-fetch.js'
import type { Plan } from '../plan.js'
import type { CheckId, CheckResult } from '../report-model.js'

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
  fetchPage(url: string): Promise<PageFetch>
}

/** A deployed page gets this long to answer, redirects included. */
export const PAGE_TIMEOUT_MS = 10_000

export function createCheckTools(plan: Plan, pageTimeoutMs = PAGE_TIMEOUT_MS): CheckTools {
  return {
    dns: new DnsClient(plan.dnsServers, plan.dnsTimeoutMs),
    fetchPage: url => fetchPagePolicy(url, pageTimeoutMs),
  }
}
