import { createCheckTools } from '../src/runner/tools.js'
import { CHECKS } from '../src/checks/index.js'
import type { ConfigLoad } from '../src/settings/config-model.js'
import { parseConfigText } from '../src/settings/config-parser.js'
import type { EnvironmentClues } from '../src/settings/environment.js'
import { buildPlan, type PlanOutcome } from '../src/settings/plan.js'
import type { CheckResult } from '../src/report/model.js'
import { runChecks } from '../src/runner/run-checks.js'

export const CONFIG_PATH = '.github/clerk-preflight.yml'

/** Nothing listens here: a scenario that does not name a DNS server gets refused at once, never the real DNS. */
export const NO_DNS = '127.0.0.1:1'

export interface Scenario {
  inputs?: Record<string, string>
  env?: Record<string, string>
  secretKey?: string
  webhookSecret?: string
  platformApiKey?: string
  vercelProtectionBypass?: string
  /** Where the webhook secret was found (default CLERK_WEBHOOK_SIGNING_SECRET). */
  webhookSecretSource?: string
  config?: string
  /** The checked-out repository the code heuristics read; none by default. */
  workspace?: string
  pageTimeoutMs?: number
  clerkApiMs?: number
  clues?: EnvironmentClues
}

/** Plans and runs every check the way main does, minus the runner's I/O. */
export async function runScenario(s: Scenario): Promise<{ outcome: PlanOutcome; results: CheckResult[] }> {
  const config: ConfigLoad =
    s.config === undefined
      ? { ok: true, loaded: { path: CONFIG_PATH, present: false, config: {}, locate: () => undefined } }
      : parseConfigText(CONFIG_PATH, s.config)
  const outcome = buildPlan({
    // Live checks only where a test turns them on: the other checks' tests stay about those checks.
    // After the deploy unless a test says otherwise: findings about the app keep their own verdict.
    inputs: { 'dns-servers': NO_DNS, 'live-checks': 'false', phase: 'after-deploy', ...s.inputs },
    secretKey: s.secretKey ? { value: s.secretKey, source: 'CLERK_SECRET_KEY' } : undefined,
    platformApiKey: s.platformApiKey ? { value: s.platformApiKey, source: 'platform-api-key' } : undefined,
    vercelProtectionBypass: s.vercelProtectionBypass
      ? { value: s.vercelProtectionBypass, source: 'VERCEL_AUTOMATION_BYPASS_SECRET' }
      : undefined,
    webhookSecret: s.webhookSecret
      ? { value: s.webhookSecret, source: s.webhookSecretSource ?? 'CLERK_WEBHOOK_SIGNING_SECRET' }
      : undefined,
    // Never Clerk itself: port 9 is one fetch refuses outright. Tests that ask Clerk pass their stand-in's address.
    env: { CLERK_API_URL: 'http://127.0.0.1:9', CLERK_FAPI_URL: 'http://127.0.0.1:9', ...s.env },
    clues: s.clues ?? {},
    config,
    workspace: s.workspace ?? '/nonexistent',
  })
  return {
    outcome,
    results: await runChecks(outcome, config, CHECKS, plan =>
      createCheckTools(plan, {
        pageMs: s.pageTimeoutMs ?? 2000,
        clerkApiMs: s.clerkApiMs ?? 2000,
        recheckDelaysMs: [5, 5],
      }),
    ),
  }
}

export function only(results: CheckResult[], id: string): CheckResult {
  const matching = results.filter(r => r.id === id)
  if (matching.length !== 1) throw new Error(`expected one ${id} result, got ${matching.length}`)
  return matching[0] as CheckResult
}
