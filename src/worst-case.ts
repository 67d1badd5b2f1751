import { CLERK_API_TIMEOUT_MS } from './clerk/api.js'
import { PAGE_TIMEOUT_MS } from './checks/check.js'
import { caaSearchNames } from './dns/caa.js'
import { requiredRecords, satelliteRecords } from './dns/clerk-records.js'
import { MAX_IN_FLIGHT_PER_SERVER } from './dns/client.js'
import { GITHUB_BUDGET_MS } from './github/client.js'
import { MAX_SCRIPTS } from './checks/deploy-publishable-key.js'
import { liveChecksOn, productionHosts } from './checks/live.js'
import { MAX_CONCURRENT } from './web/http-client.js'
import type { Plan } from './settings/plan.js'

/** Every timed step is tried at most twice. */
const ATTEMPTS = 2
/** Reading inputs, the file and the event, rendering and writing: generous, since it is not network-bound. */
const LOCAL_WORK_MS = 2000

/**
 * The most DNS questions a run can ask, from the plan (Clerk's API may list more records; it counts as 3×), each CAA
 * question's TCP asking counted as one more.
 */
export function dnsQuestionBound(plan: Plan): number {
  const first = dnsQuestionsPerServer(plan)
  // DMARC's two questions go to the first server only.
  return first === 0 ? 0 : Math.max(1, plan.dnsServers.length) * (first - 2) + 2
}

/** The most DNS questions one server (the first, which also gets DMARC's) is asked in a run. */
function dnsQuestionsPerServer(plan: Plan): number {
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
  // Per record: CNAME, A, AAAA and the target's A; plus every CAA level, over UDP and TCP; Clerk's list may be longer.
  // DMARC: the domain's TXT and the organizational domain's, on the first server.
  return 3 * (4 * records.length + 2 * caaNames.size) + 2
}

/** The most web exchanges a run can make (each within its deadline), and how many depend on an earlier one. */
export function liveExchangeBound(plan: Plan): { exchanges: number; dependentSteps: number } {
  const live = liveChecksOn(plan)
  const page = plan.url ? 1 : 0
  const clerk = plan.clerkApi === 'false' ? 0 : ATTEMPTS * 3 // the instance, its domains, the Frontend API
  if (!live) return { exchanges: page + clerk, dependentSteps: 0 }
  // The page itself is counted once above: every check that reads it shares one fetch.
  const shipped = plan.url ? MAX_SCRIPTS : 0
  const certificates = plan.environment.instanceType === 'production' ? productionHosts(plan).length : 0
  const frontendApis = ATTEMPTS * 2 // production's and development's /v1/environment
  const platform = plan.platformApiKey ? 3 : 0 // the applications, then the configuration and the domain status
  const webhook = plan.webhookUrl ? 2 : 0
  return {
    exchanges: page + clerk + shipped + certificates + frontendApis + platform + webhook,
    // The scripts after their page; the Platform API's configuration and status after the applications.
    dependentSteps: 2,
  }
}

/**
 * The longest a run can take, from its inputs. Checks run at once: the DNS checks wait for Clerk's domain list, then
 * ask each server in waves of its in-flight bound, each question at most twice its deadline, plus one dependent step (a mail
 * target found in an answer, or the organizational domain's DMARC record). Web exchanges (the page, its scripts,
 * Clerk's APIs, TLS handshakes, the webhook probes) run alongside, in waves of their own concurrency bound, each within
 * its deadline. Then GitHub, within its budget. Whatever that sums to, run-timeout-ms cuts the checks and publishing
 * short, and only the local work of writing the report remains.
 */
export function worstCaseMs(plan: Plan, publishes: boolean): number {
  const questions = dnsQuestionsPerServer(plan)
  const dns = questions === 0 ? 0 : (Math.ceil(questions / MAX_IN_FLIGHT_PER_SERVER) + 1) * ATTEMPTS * plan.dnsTimeoutMs
  const clerk = plan.clerkApi === 'false' ? 0 : ATTEMPTS * CLERK_API_TIMEOUT_MS
  const { exchanges, dependentSteps } = liveExchangeBound(plan)
  const slowest = Math.max(plan.httpTimeoutMs, CLERK_API_TIMEOUT_MS, plan.url ? PAGE_TIMEOUT_MS : 0)
  const web = exchanges === 0 ? 0 : (Math.ceil(exchanges / MAX_CONCURRENT) + dependentSteps) * slowest
  const uncut = LOCAL_WORK_MS + Math.max(clerk + dns, web, clerk) + (publishes ? GITHUB_BUDGET_MS : 0)
  return Math.min(uncut, plan.runTimeoutMs + LOCAL_WORK_MS)
}
