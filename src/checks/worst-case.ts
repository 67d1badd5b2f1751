import { DEFAULT_CONCURRENCY } from '../dns/client.js'
import { GITHUB_BUDGET_MS } from '../github/client.js'
import { MAX_CONCURRENT } from '../web/http-client.js'
import type { Plan } from '../settings/plan.js'
import { applies } from './applies.js'
import { ATTEMPTS, type Check } from './check.js'
import { CHECKS } from './index.js'
import { clerkApiCheck } from './clerk-api.js'

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

/** The most web exchanges a run can make (each within its deadline), and how many depend on an earlier one. */
export function liveExchangeBound(plan: Plan): { exchanges: number; dependentSteps: number; waitsMs: number } {
  let exchanges = 0
  let dependentSteps = 0
  let waitsMs = 0
  for (const { network } of running(plan)) {
    exchanges += network.webExchanges?.(plan) ?? 0
    dependentSteps += network.dependentWebSteps ?? 0
    waitsMs += network.waitsMs?.(plan) ?? 0
  }
  return { exchanges, dependentSteps, waitsMs }
}

/**
 * The longest a run can take, from its inputs and the checks' declarations. Checks run at once: the DNS checks wait
 * for Clerk's domain list, then ask in waves of the concurrency bound, each question at most twice its deadline, plus
 * one dependent step (a mail target found in an answer, or the organizational domain's DMARC record). Web exchanges
 * (the page, its scripts, Clerk's APIs, TLS handshakes, the webhook probes) run alongside, in waves of their own
 * concurrency bound, each within its deadline. Then GitHub, within its budget. Whatever that sums to, run-timeout-ms
 * cuts the checks and publishing short, and only the local work of writing the report remains.
 */
export function worstCaseMs(plan: Plan, publishes: boolean): number {
  const questions = dnsQuestionBound(plan)
  const dns = questions === 0 ? 0 : (Math.ceil(questions / DEFAULT_CONCURRENCY) + 1) * ATTEMPTS * plan.dnsTimeoutMs
  const clerk = applies(clerkApiCheck, plan) ? ATTEMPTS * plan.httpTimeoutMs : 0
  const { exchanges, dependentSteps, waitsMs } = liveExchangeBound(plan)
  const web =
    exchanges === 0 ? 0 : (Math.ceil(exchanges / MAX_CONCURRENT) + dependentSteps) * plan.httpTimeoutMs + waitsMs
  const uncut = LOCAL_WORK_MS + Math.max(clerk + dns, web, clerk) + (publishes ? GITHUB_BUDGET_MS : 0)
  return Math.min(uncut, plan.runTimeoutMs + LOCAL_WORK_MS)
}
