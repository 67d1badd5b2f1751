import { DEFAULTS } from './defaults.js'
import type { PlanOutcome } from './plan.js'
import { SETTINGS, type CommentPolicy, type ValueOf, type FAIL_ON, type IssuePolicy } from './schema.js'

/**
 * What the run itself needs, whether or not a plan could be made: its deadline, the gate, where the report goes and how
 * it is published, and the URLs whose credentials are secrets. This is the one place that reads them leniently from
 * the inputs when the plan failed (the gate then fails anyway, for the invalid inputs or configuration).
 */
export interface RunSettings {
  runTimeoutMs: number
  failOn: (typeof FAIL_ON)[number]
  /** Undefined: `$RUNNER_TEMP/clerk-preflight.json`. */
  reportFile?: string
  comment: CommentPolicy
  checkRun: boolean
  issue: IssuePolicy
  overrideLabel?: string
  prNumber?: number
  /** The deployed app, the webhook endpoint and the proxy: userinfo or a token in them is masked like a secret. */
  urls: Array<string | undefined>
}

export function runSettings(
  outcome: PlanOutcome,
  inputs: Record<string, string>,
  deploymentUrl: string | undefined,
): RunSettings {
  if (outcome.ok) {
    const plan = outcome.plan
    return {
      runTimeoutMs: plan.runTimeoutMs,
      failOn: plan.failOn,
      reportFile: plan.reportFile,
      comment: plan.comment,
      checkRun: plan.checkRun,
      issue: issuePolicy(inputs),
      overrideLabel: plan.overrideLabel,
      prNumber: plan.prNumber,
      urls: [plan.url, plan.webhookUrl, plan.proxyUrl],
    }
  }
  // The setting's own reading of the one value, so that `true` means `always` here as it does in a valid plan.
  const comment = readLeniently('comment', inputs.comment)
  return {
    runTimeoutMs: DEFAULTS['run-timeout-ms'],
    failOn: DEFAULTS['fail-on'],
    // Without a valid plan the report still goes where the input says, so a later step finds it.
    reportFile: inputs['report-file'],
    comment: comment ?? DEFAULTS.comment,
    checkRun: inputs['check-run'] === 'true',
    // An invalid run fails the gate: the watch says so, as a broken configuration needs someone to look too.
    issue: issuePolicy(inputs),
    urls: [inputs.url ?? deploymentUrl, inputs['webhook-url'], inputs['proxy-url']],
  }
}

/** An input only (the file may not hold it), read by its setting, so that `true` is refused as the plan refuses it. */
function issuePolicy(inputs: Record<string, string>): IssuePolicy {
  return readLeniently('issue', inputs.issue) ?? DEFAULTS.issue
}

/** The input as its setting reads it; undefined when not given or invalid. */
function readLeniently<K extends 'comment' | 'issue'>(
  name: K,
  value: string | undefined,
): ValueOf<(typeof SETTINGS)[K]> | undefined {
  if (value === undefined) return undefined
  const reading = SETTINGS[name].kind.read(value)
  return reading.ok ? (reading.value as ValueOf<(typeof SETTINGS)[K]>) : undefined
}
