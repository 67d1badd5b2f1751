import { handOver } from '../checks/shared/needs.js'
import type { Check, CheckTools } from '../checks/shared/check.js'
import { createCheckTools } from './tools.js'
import type { ConfigLoad } from '../settings/config-model.js'
import type { Plan, PlanOutcome } from '../settings/plan.js'
import type { CheckId, CheckResult } from '../report/model.js'
import { boundCauses, boundFixParts, cut, MAX_SUBJECT, MAX_TEXT, plainEvidence } from '../report/bound.js'
import { judgedInPhase } from './phase.js'

export const CONFIG_TITLE = 'Inputs and configuration are valid'

/** What docs/checks.md says of the `config` result, the runner's own, as a check's `doc` says of the check. */
export const CONFIG_DOC = {
  subject: 'the configuration file (with the line, for a problem in it) or `inputs`',
  verifies:
    "the inputs and the configuration file are valid: each problem is a `fail` naming the field, the problem and the fix, and then every check is `skip`; the file describes the app only, so what decides the gate or where data goes (`fail-on`, `comment`, `dns-servers`, `url`, the timeouts, …) and every secret are refused there. On a pull request that changes, adds or deletes the file, a `warn`: its settings are that branch's; one whose files could not all be listed says so. See [configuration](configuration.md)",
}

/**
 * Runs every check on the plan, concurrently. Without a plan (invalid inputs or configuration) each problem is a
 * failing `config` result and every check is `skip`, so the report still lists everything that was not verified.
 */
export async function runChecks(
  outcome: PlanOutcome,
  config: ConfigLoad,
  checks: readonly Check<CheckId>[],
  makeTools: (plan: Plan) => CheckTools = createCheckTools,
  deadline = Number.POSITIVE_INFINITY,
): Promise<CheckResult[]> {
  if (!outcome.ok) {
    const problems: CheckResult[] = outcome.problems.map(p => ({
      id: 'config',
      subject: p.subject,
      status: 'fail',
      title: CONFIG_TITLE,
      message: `${p.line !== undefined ? `line ${p.line}, column ${p.column}: ` : ''}${p.field}: ${p.problem}`,
      fix: p.fix,
      evidence: { field: p.field, ...(p.line !== undefined ? { line: p.line, column: p.column } : {}) },
    }))
    const skipped: CheckResult[] = checks.map(c => ({
      id: c.id,
      subject: '—',
      status: 'skip',
      title: c.title,
      message: 'not run: the inputs or configuration are invalid (see config)',
    }))
    return [...problems, ...skipped]
  }
  const plan = outcome.plan
  const tools = makeTools(plan)
  const file = config.ok && config.loaded.present
  const configResult: CheckResult = {
    id: 'config',
    subject: file ? plan.configPath : 'inputs',
    status: 'pass',
    title: CONFIG_TITLE,
    message: file
      ? `the inputs and ${plan.configPath} are valid`
      : `the inputs are valid (no configuration file at ${plan.configPath})`,
  }
  // Checks still running at the deadline are `error`; the work they started ends at its own deadlines, unwaited.
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<'expired'>(resolve => {
    if (Number.isFinite(deadline)) timer = setTimeout(() => resolve('expired'), Math.max(0, deadline - Date.now()))
  })
  const results = await Promise.all(
    checks.map(async (check): Promise<CheckResult[]> => {
      const outcome = await Promise.race([runCheck(check, plan, tools), expired])
      const yielded: CheckResult[] = outcome !== 'expired' ? outcome : [expiredResult(check, plan)]
      // Whatever an app-side check yields, a finding, a timeout or a fault, is judged by the phase of the deploy.
      return yielded.map(result => judgedInPhase(check.side, plan.phase, result))
    }),
  )
  clearTimeout(timer)
  return [configResult, ...results.flat()]
}

function expiredResult(check: Check<CheckId>, plan: Plan): CheckResult {
  return {
    id: check.id,
    subject: '—',
    status: 'error',
    title: check.title,
    message: `did not finish within run-timeout-ms (${plan.runTimeoutMs} ms, less the time kept for writing the report and publishing it)`,
    fix: 'Raise run-timeout-ms, or lower dns-timeout-ms; see "The worst case of a run" in CONTRIBUTING.md.',
  }
}

async function runCheck(check: Check<CheckId>, plan: Plan, tools: CheckTools): Promise<CheckResult[]> {
  try {
    // What every check shares is declared, not repeated: the runner says once why a check does not apply,
    // and hands it what it declared, parsed.
    const handed = handOver(check, plan)
    const findings = 'skip' in handed ? [handed.skip] : await check.run(handed.inputs, tools)
    return findings.map(({ subject, status, message, fix, fixParts, followsFrom, evidence }) => {
      const parts = fixParts && boundFixParts(fixParts)
      return {
        id: check.id,
        subject: cut(subject, MAX_SUBJECT),
        status,
        title: check.title,
        message: cut(message, MAX_TEXT),
        ...(fix !== undefined ? { fix: cut(fix, MAX_TEXT) } : {}),
        ...(parts ? { fixParts: parts } : {}),
        ...(followsFrom && followsFrom.length > 0 ? { followsFrom: boundCauses(followsFrom) } : {}),
        ...(evidence !== undefined ? { evidence: plainEvidence(evidence) as Record<string, unknown> } : {}),
      }
    })
  } catch (error) {
    return [
      {
        id: check.id,
        subject: '—',
        status: 'error',
        title: check.title,
        message: `the check failed unexpectedly: ${(error as Error | undefined)?.message ?? String(error)}`,
        fix: 'Please report this at the action’s issue tracker with the run’s log.',
      },
    ]
  }
}
