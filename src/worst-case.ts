import { CLERK_API_TIMEOUT_MS } from './clerk/api.js'
import { RECHECK_DELAYS_MS } from './clerk/platform-api.js'
import { PAGE_TIMEOUT_MS } from './checks/check.js'
import { caaSearchNames } from './dns/caa.js'
import { requiredRecords, satelliteRecords } from './dns/clerk-records.js'
import { DEFAULT_CONCURRENCY } from './dns/client.js'
import { GITHUB_BUDGET_MS } from './github/client.js'
import { MAX_SCRIPTS } from './checks/deploy-publishable-key.js'
import { liveChecksOn, productionHosts } from './checks/live.js'
import { MAX_CONCURRENT } from './web/http-client.js'
import type { Plan } from './settings/plan.js'

/** Every timed step is tried at most twice. */
const ATTEMPTS = 2
/** Reading inputs, the file and the event, rendering and writing: generous, since it is not network-bound. */
const LOCAL_WORK_MS = 2000

/** The most DNS questions a run can ask, from the plan (Clerk's API may list more records; it counts as 3×). */
export function dnsQuestionBound(plan: Plan): number {
  if (plan.environment.instanceType !== 'production' || !plan.domain) return 0
  const records = [
    ...requiredRecords(plan.domain.value, {
      proxy: plan.proxyUrl !== undefined,
      mailId: plan.mailId,
      secondaryMail: plan.secondaryMail,
    }),
    ...plan.satellites.flatMap(satelliteRecords),
  ]
  const caaNames = new Set(records.filter(r => r.needsCertificate).flatMap(r => caaSearchNames(r.host)))
  // Per record: CNAME, A, AAAA and the target's A; plus every CAA level; on every server; Clerk's list may be longer.
  // DMARC: the domain's TXT and the organizational domain's, on the first server; whose zone: an SOA per label at most.
  const soa = plan.domain.value.split('.').length
  return 3 * Math.max(1, plan.dnsServers.length) * (4 * records.length + caaNames.size) + 2 + soa
}

/** The most web exchanges a run can make (each within its deadline), and how many depend on an earlier one. */
export function liveExchangeBound(plan: Plan): { exchanges: number; dependentSteps: number; waitsMs: number } {
  const live = liveChecksOn(plan)
  const page = plan.url ? 1 : 0
  const clerk = plan.clerkApi === 'false' ? 0 : ATTEMPTS * 3 // the instance, its domains, the Frontend API
  if (!live) return { exchanges: page + clerk, dependentSteps: 0, waitsMs: 0 }
  const shipped = plan.url ? 1 + MAX_SCRIPTS : 0
  const certificates = plan.environment.instanceType === 'production' ? productionHosts(plan).length : 0
  const frontendApis = ATTEMPTS * 2 // production's and development's /v1/environment
  // The applications, then the configuration, its schema and the domain's re-check, then its status read again after
  // each wait.
  const platform = plan.platformApiKey ? 4 + RECHECK_DELAYS_MS.length : 0
  const webhook = plan.webhookUrl ? 3 : 0 // unsigned, signed, signed with a random secret
  const origins = plan.environment.instanceType === 'production' ? plan.appOrigins.value.length : 0
  return {
    exchanges: page + clerk + shipped + certificates + frontendApis + platform + webhook + origins,
    // The scripts after their page; the Platform API's configuration and re-check after the applications, and each
    // read of the domain's status after the re-check.
    dependentSteps: 2 + (plan.platformApiKey ? RECHECK_DELAYS_MS.length : 0),
    waitsMs: plan.platformApiKey ? RECHECK_DELAYS_MS.reduce((sum, ms) => sum + ms, 0) : 0,
  }
}

/**
 * The longest a run can take, from its inputs. Checks run at once: the DNS checks wait for Clerk's domain list, then
 * ask in waves of the concurrency bound, each question at most twice its deadline, plus one dependent step (a mail
 * target found in an answer, or the organizational domain's DMARC record). Web exchanges (the page, its scripts,
 * Clerk's APIs, TLS handshakes, the webhook probes) run alongside, in waves of their own concurrency bound, each within
 * its deadline. Then GitHub, within its budget. Whatever that sums to, run-timeout-ms cuts the checks and publishing
 * short, and only the local work of writing the report remains.
 */
export function worstCaseMs(plan: Plan, publishes: boolean): number {
  const questions = dnsQuestionBound(plan)
  const dns = questions === 0 ? 0 : (Math.ceil(questions / DEFAULT_CONCURRENCY) + 1) * ATTEMPTS * plan.dnsTimeoutMs
  const clerk = plan.clerkApi === 'false' ? 0 : ATTEMPTS * CLERK_API_TIMEOUT_MS
  const { exchanges, dependentSteps, waitsMs } = liveExchangeBound(plan)
  const slowest = Math.max(plan.httpTimeoutMs, CLERK_API_TIMEOUT_MS, plan.url ? PAGE_TIMEOUT_MS : 0)
  const web = exchanges === 0 ? 0 : (Math.ceil(exchanges / MAX_CONCURRENT) + dependentSteps) * slowest + waitsMs
  const uncut = LOCAL_WORK_MS + Math.max(clerk + dns, web, clerk) + (publishes ? GITHUB_BUDGET_MS : 0)
  return Math.min(uncut, plan.runTimeoutMs + LOCAL_WORK_MS)
}
