import { ClerkApi } from '../clerk/api.js'
import type { InstanceType } from '../clerk/keys.js'
import { PlatformApi } from '../clerk/platform-api.js'
import { DnsClient } from '../dns/client.js'
import { HttpClient } from '../web/http-client.js'
import { bypassHeaders } from '../web/deployment-protection.js'
import { fetchPage, type PageFetch } from '../web/page-fetch.js'
import { secretDestinations } from '../web/secret-destinations.js'
import type { Plan } from '../settings/plan.js'
import type { CheckResult } from '../report/model.js'

/** What a check says about one subject; the runner adds the check's id and title. */
export type Finding = Omit<CheckResult, 'id' | 'title'>

/**
 * What a check needs from the plan before it can say anything. Without it the runner skips the check with the need's
 * own wording (src/runner/applies.ts), so that every check says the same thing for the same missing input.
 */
export type Need =
  | 'publishable-key'
  | 'secret-key'
  | 'domain'
  | 'url'
  | 'app-origins'
  | 'webhook-url'
  | 'webhook-signing-secret'
  | 'platform-api-key'
  | 'two-dns-servers'
  | 'clerk-api'
  | 'live-checks'

/**
 * Which side of a deploy a check judges. `app`: what the deployed app itself does (its page, its shipped key, its
 * webhook route), which the deploy being gated changes. `clerk`: Clerk's instance, its DNS and certificates, the keys
 * and settings given, none of which a deploy of the app changes.
 */
export type Side = 'app' | 'clerk'

/**
 * The most network work a check can do in one run, for the worst case (src/runner/worst-case.ts). A question or
 * exchange several checks share is asked once per run, so the sum over checks is an upper bound.
 */
export interface NetworkWork {
  /**
   * DNS questions, on all servers together. A CAA question, also asked over TCP alongside (for its TC bit), holds two
   * of the server's slots at once and counts twice; a CNAME found empty is asked over TCP after, within its deadline.
   */
  dnsQuestions?(plan: Plan): number
  /** Where they go: all to the first server (the default), or the same share to each server. */
  dnsServers?: 'first' | 'each'
  /** Web exchanges (HTTP requests and TLS handshakes), each within its deadline. */
  webExchanges?(plan: Plan): number
  /** Exchanges that can start only once an earlier one has answered (a page's scripts after the page). */
  dependentWebSteps?: number
  /** Time it waits on purpose between exchanges (Clerk's DNS re-check). */
  waitsMs?(plan: Plan): number
}

/** What the generated reference (docs/checks.md) says of a check: its subject and its rules, with their sources. */
export interface CheckDoc {
  subject: string
  verifies: string
}

/**
 * One concern, one module: it declares when it applies and what it needs, gets the resolved plan, returns findings.
 * A check does not print, does not know about GitHub, does not test its own declarations (the runner skips it when
 * they are not met), and does not throw for bad input (the runner turns an unexpected throw into an `error` anyway).
 */
export interface Check<Id extends string = string> {
  id: Id
  title: string
  doc: CheckDoc
  /** The instance types the environment may need for the check to apply; elsewhere the runner skips it. */
  appliesTo: readonly InstanceType[]
  needs: readonly Need[]
  side: Side
  network: NetworkWork
  run(plan: Plan, tools: CheckTools): Finding[] | Promise<Finding[]>
}

/** Every timed exchange (a DNS question, a call to Clerk) is tried at most twice. */
export const ATTEMPTS = 2

/** Both instance types, for checks that apply everywhere. */
export const EVERY_INSTANCE: readonly InstanceType[] = ['production', 'development']
export const PRODUCTION_ONLY: readonly InstanceType[] = ['production']

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

export interface ToolTimeouts {
  pageMs?: number
  clerkApiMs?: number
  /** The waits between reads of a domain's status after Clerk re-checks it. */
  recheckDelaysMs?: readonly number[]
}

export function createCheckTools(plan: Plan, timeouts: ToolTimeouts = {}): CheckTools {
  const dns = new DnsClient(plan.dnsServers, plan.dnsTimeoutMs)
  const http = new HttpClient({
    dns,
    resolveThroughDns: plan.dnsServers.length > 0,
    timeoutMs: plan.httpTimeoutMs,
    secrets: secretDestinations(plan),
  })
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
        page = fetchPage(http, url, timeouts.pageMs ?? plan.httpTimeoutMs, bypassHeaders(plan, url))
        pages.set(url, page)
      }
      return page
    },
  }
}

export function clerkApiDisabledBecause(plan: Plan): string | undefined {
  if (plan.clerkApi === 'false') return 'clerk-api is false'
  if (plan.clerkApi === 'auto' && !plan.secretKey)
    return 'no secret key (with clerk-api: auto, Clerk is asked only when one is present)'
  return undefined
}

/**
 * A declared need found unmet inside a check: the runner runs a check only when its needs are met, so this is a bug,
 * and the runner reports it as the check's `error`.
 */
export function unmetNeed(need: Need): Error {
  return new Error(`ran without what it needs (${need})`)
}
