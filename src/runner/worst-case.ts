import { WINDOW } from '../dns/window.js'
import { GITHUB_BUDGET_MS } from '../github/client.js'
import { MAX_CONCURRENT } from '../web/http-client.js'
import type { Plan } from '../settings/plan.js'
import { applies } from '../checks/shared/needs.js'
import { ATTEMPTS, type Check } from '../checks/shared/check.js'
import { CHECKS } from '../checks/index.js'
import { clerkApiCheck } from '../checks/clerk-api.js'

/** Reading inputs, the file and the event, rendering and writing: generous, since it is not network-bound. */
const LOCAL_WORK_MS = 2000

/** The checks that run on this plan: what they declare they may ask is what the worst case counts. */
function running(plan: Plan): Check[] {
  return CHECKS.filter(check => applies(check, plan))
}

/** The most DNS questions a run can ask: the sum of what each running check declares. */
export function dnsQuestionBound(plan: Plan): number {
  return running(plan).reduce((sum, check) => sum + (check.network.dnsQuestions?.(plan) ?? 0), 0)
}

/**
 * The most DNS questions one server is asked in a run, its control question included: each server has its own in-flight bound and servers are asked
 * side by side, so the busiest one sets the number of waves. That is the first: it is asked what every check declares
 * for it, and the others only their share of what is spread over each (dns.propagation's, whose share of the first's
 * are questions dns.cname and dns.caa ask it too, answered once).
 */
export function dnsQuestionsPerServer(plan: Plan): number {
  let first = 0
  let spread = 0
  for (const { network } of running(plan)) {
    const questions = network.dnsQuestions?.(plan) ?? 0
    if (network.dnsServers === 'each') spread += questions
    else first += questions
  }
  const most = Math.max(first, Math.ceil(spread / Math.max(1, plan.dnsServers.length)))
  // The control question (the root zone's SOA), asked of each server with its first question (src/dns/client.ts).
  return most === 0 ? 0 : most + 1
}

/** The most web exchanges a run can make (each within its deadline), and how many depend on an earlier one. */
export function liveExchangeBound(plan: Plan): { exchanges: number; dependentSteps: number; waitsMs: number } {
  const checks = running(plan)
  // The page is fetched once per run, whichever checks read it, and asked again as a fetch, within the same deadline,
  // when Clerk's middleware hands the document to its handshake (src/web/page-fetch.ts).
  let exchanges = checks.some(check => check.network.readsPage) ? 2 : 0
  let dependentSteps = 0
  let waitsMs = 0
  for (const { network } of checks) {
    exchanges += network.webExchanges?.(plan) ?? 0
    dependentSteps += network.dependentWebSteps ?? 0
    waitsMs += network.waitsMs?.(plan) ?? 0
  }
  return { exchanges, dependentSteps, waitsMs }
}

/**
 * The longest a run can take, from its inputs and the checks' declarations. Checks run at once: the DNS checks ask
 * about the built-in records beside Clerk's domain list, and about the records only Clerk's list names once it has come
 * (so, at worst, after it); each server in waves of its window's start (a server that answers nothing keeps it: see
 * dns/window.ts), each question at most twice its
 * deadline (which starts once it has its slot), plus one dependent step (a mail target found in an answer, or the
 * organizational domain's DMARC record). Web exchanges (the page, its scripts, Clerk's APIs, TLS handshakes, the
 * webhook probes) run alongside, in waves of their own concurrency bound, each within its deadline. Then GitHub, within its budget. Whatever that sums to, run-timeout-ms
 * cuts the checks and publishing short, and only the local work of writing the report remains.
 */
export function worstCaseMs(plan: Plan, publishes: boolean): number {
  const questions = dnsQuestionsPerServer(plan)
  const waves = Math.ceil(questions / WINDOW.initial)
  const dns = questions === 0 ? 0 : (waves + 1) * ATTEMPTS * plan.dnsTimeoutMs
  const clerk = applies(clerkApiCheck, plan) ? ATTEMPTS * plan.httpTimeoutMs : 0
  const { exchanges, dependentSteps, waitsMs } = liveExchangeBound(plan)
  const web =
    exchanges === 0 ? 0 : (Math.ceil(exchanges / MAX_CONCURRENT) + dependentSteps) * plan.httpTimeoutMs + waitsMs
  const uncut = LOCAL_WORK_MS + Math.max(clerk + dns, web, clerk) + (publishes ? GITHUB_BUDGET_MS : 0)
  return Math.min(uncut, plan.runTimeoutMs + LOCAL_WORK_MS)
}
