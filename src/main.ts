import { createCheckTools } from './runner/tools.js'
import type { Check } from './checks/shared/check.js'
import { CHECKS } from './checks/index.js'
import { CONFIG_TITLE, runChecks } from './runner/run-checks.js'
import { gate, type GateVerdict } from './gate.js'
import { annotate } from './github/annotations.js'
import { GITHUB_BUDGET_MS } from './github/client.js'
import { configChange, type ConfigChange } from './github/config-change.js'
import {
  deploymentUrl,
  environmentClues,
  pullRequestOf,
  readGithubContext,
  type GithubContext,
} from './github/context.js'
import { watchIssue } from './github/issue.js'
import { publishToGitHub } from './github/publisher.js'
import { findPullRequest, type FoundPullRequest } from './github/pull-request.js'
import { overrideActor, type OverrideActor } from './github/override.js'
import { Output } from './output.js'
import { STDOUT, type StepLog } from './step-log.js'
import { redactDeep } from './redact.js'
import { findingLines, logLine, problemLines } from './render/log.js'
import { present } from './render/presentation.js'
import { noteLines, renderSummary } from './render/summary.js'
import { buildReport } from './report/build.js'
import type { CheckId, CheckResult, Report, ReportEnvironment } from './report/model.js'
import { defaultReportFile, setOutputs, setPublishedOutputs, writeReport } from './report/write.js'
import { loadConfigFile } from './settings/config-loader.js'
import type { ConfigLoad } from './settings/config-model.js'
import {
  actionInputs,
  readInputs,
  secretsToMask,
  shortSecretProblems,
  type ActionInputs,
  type InputSource,
} from './settings/input-helper.js'
import { buildPlan, type Plan, type PlanOutcome } from './settings/plan.js'
import { runSettings, type RunSettings } from './settings/run-settings.js'
import { displayUrl } from './web/hostname.js'

/**
 * inputs -> plan -> checks -> one report -> renderers -> gate; then what publishing to GitHub adds. The log is the
 * process's standard output but where a test reads it.
 */
export async function run(log: StepLog = STDOUT): Promise<void> {
  const started = Date.now()
  // @actions/core reads inputs and the output file from process.env; the plan reads Clerk's variables from it.
  const output = new Output(secretsToMask(process.env), { log })
  try {
    const planned = await planRun(process.env, actionInputs)
    output.maskUrlCredentials(planned.settings.urls)
    if (planned.outcome.ok) output.debug(describePlan(planned.outcome.plan))
    const deadline = started + planned.settings.runTimeoutMs
    const checked = await checkRun(planned, deadline)
    const judged = judgeRun(planned, checked.results, started, output)
    const reportFile = await writeRun(planned, judged, checked, output)
    await publishRun(planned, judged, checked, deadline, output)
    output.debug(`done after ${Date.now() - started} ms; the report is at ${reportFile || 'no file'}`)
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    output.fail(`clerk-preflight stopped on an unexpected error: ${message}`)
  }
}

export interface PlannedRun {
  context: GithubContext
  inputs: ActionInputs
  config: ConfigLoad
  outcome: PlanOutcome
  settings: RunSettings
}

/**
 * The inputs (from the runner, or the command's flags), the file and the environment's variables, as one typed plan.
 * `liveUrl`: what the deployment is served at when the event does not say (a Vercel build's production URL).
 */
export async function planRun(
  env: Record<string, string | undefined>,
  source: InputSource,
  liveUrl?: string,
): Promise<PlannedRun> {
  const context = await readGithubContext(env)
  const inputs = readInputs(env, source)
  const url = deploymentUrl(context) ?? liveUrl
  const config = await loadConfigFile(inputs.configPath, inputs.configExplicit, context.workspace)
  const outcome = buildPlan({
    inputs: inputs.settings,
    secretKey: inputs.secretKey,
    webhookSecret: inputs.webhookSecret,
    platformApiKey: inputs.platformApiKey,
    vercelProtectionBypass: inputs.vercelProtectionBypass,
    env,
    clues: environmentClues(context, env),
    deploymentUrl: url,
    config,
    inputProblems: shortSecretProblems(inputs),
    workspace: context.workspace,
  })
  return { context, inputs, config, outcome, settings: runSettings(outcome, inputs.settings, url) }
}

interface CheckedRun {
  results: CheckResult[]
  notes: string[]
  pullRequest: FoundPullRequest
  /** Who applied the override label, when the run carries it. */
  override: OverrideActor
}

/**
 * Every check at once, stopping in time to leave the report, the summary and publishing their share of the run; and,
 * in the same time, the run's pull request (by event, `pr-number` or commit) and whether it wrote, added or deleted the
 * configuration file (asked of GitHub, said as a config result).
 */
export async function checkRun(
  { context, inputs, config, outcome, settings }: PlannedRun,
  deadline: number,
  checks: readonly Check<CheckId>[] = CHECKS,
): Promise<CheckedRun> {
  const checksDeadline = deadline - Math.min(GITHUB_BUDGET_MS, settings.runTimeoutMs / 4)
  const budgetMs = () => Math.max(1000, Math.min(GITHUB_BUDGET_MS, checksDeadline - Date.now()))
  const found = findPullRequest({
    token: inputs.githubToken,
    context,
    prNumber: settings.prNumber,
    budgetMs: budgetMs(),
  })
  // Also when the file is missing: the pull request may have deleted it.
  const changed: Promise<ConfigChange> = found.then(({ pr }) =>
    config.ok && pr
      ? configChange({
          token: inputs.githubToken,
          context,
          prNumber: pr.number,
          paths: [config.loaded.path, ...(config.loaded.file ? [config.loaded.file] : [])],
          subject: config.loaded.path,
          title: CONFIG_TITLE,
          budgetMs: budgetMs(),
        })
      : {},
  )
  const label = overrideLabelOn(context, settings)
  const override: Promise<OverrideActor> = label
    ? overrideActor({ token: inputs.githubToken, context, ...label, budgetMs: budgetMs() })
    : Promise.resolve({})
  const results = await runChecks(outcome, config, checks, createCheckTools, checksDeadline)
  const [pullRequest, change, actor] = await Promise.all([found, changed, override])
  if (change.result) results.splice(results.findIndex(r => r.id === 'config') + 1, 0, change.result)
  const notes = [...pullRequest.notes, ...[change.note, actor.note].filter((n): n is string => n !== undefined)]
  return { results, notes, pullRequest, override: actor }
}

/**
 * The override label, when the workflow names one and the event's pull request carries it. The labels are the event's
 * pull request's: `pr-number` naming another one has none the run can see.
 */
function overrideLabelOn(
  context: GithubContext,
  settings: RunSettings,
): { label: string; prNumber: number } | undefined {
  const eventPr = pullRequestOf(context)
  const label = settings.overrideLabel
  if (!label || !eventPr || (settings.prNumber !== undefined && settings.prNumber !== eventPr.number)) return undefined
  return eventPr.labels.includes(label) ? { label, prNumber: eventPr.number } : undefined
}

export interface JudgedRun {
  /** As the checks made it: what the gate and the outputs read. */
  unredacted: Report
  /** What is written anywhere. */
  report: Report
  verdict: GateVerdict
  /** Whether the status fails the gate as fail-on says, even where `never` lets the step pass: the watch's issue. */
  watchFails: boolean
}

/** The verdict is decided on the report as the checks made it: redaction changes what is written, never the gate. */
export function judgeRun(planned: PlannedRun, results: CheckResult[], started: number, output: Output): JudgedRun {
  const { context, inputs, outcome, settings } = planned
  const unredacted = buildReport(reportEnvironment(outcome, inputs.settings.environment), results, Date.now() - started)
  const verdict = gate(unredacted, settings.failOn, outcome.ok, overrideLabelOn(context, settings)?.label)
  const watchFails = gate(unredacted, settings.failOn === 'never' ? 'error' : settings.failOn, outcome.ok).fail
  return { unredacted, report: redactDeep(unredacted, output.redact), verdict, watchFails }
}

/**
 * The verdict, the log, the annotations, the report file, the summary and the outputs: all written before GitHub is
 * asked anything more, so that a GitHub that hangs or a run cut short by its runner never costs them.
 */
async function writeRun(planned: PlannedRun, judged: JudgedRun, checked: CheckedRun, output: Output): Promise<string> {
  const { report, verdict } = judged
  const notes = checked.notes.map(output.redact)
  // The verdict first: the runner shows only the first ten error annotations of a step.
  const reason = logLine(output.redact(verdict.reason))
  if (verdict.fail) output.fail(reason)
  else output.info(reason)
  const { config, inputs, context } = planned
  const presentation = present(report)
  annotate(output, problemLines(presentation), config.ok ? config.loaded.path : inputs.configPath)
  for (const line of findingLines(presentation)) output.debug(line)
  const reportFile = planned.settings.reportFile ?? defaultReportFile(process.env)
  const written = await output.attempt(`write the report to ${reportFile}`, () => writeReport(reportFile, report))
  for (const note of notes) output.warning(note)
  const summarized = await output.summary(renderSummary(report, renderContext(context, verdict, checked, notes)))
  const where = [
    summarized ? `the job summary${context.runUrl ? ` (${context.runUrl})` : ''}` : '',
    written ? `the JSON report (${reportFile})` : '',
  ].filter(Boolean)
  if (where.length > 0)
    output.info(logLine(`Each problem with its fix, the blocks to copy, and what passed: ${where.join(' and ')}.`))
  await output.attempt('set the step outputs', () => setOutputs(output, judged.unredacted, written ? reportFile : ''))
  return written ? reportFile : ''
}

/** The pull-request comment and the check run, within what is left of the run; what could not be done is said. */
async function publishRun(
  { context, inputs, settings }: PlannedRun,
  { report, verdict, watchFails }: JudgedRun,
  checked: CheckedRun,
  deadline: number,
  output: Output,
): Promise<void> {
  const notes = checked.notes.map(output.redact)
  const budgetMs = () => Math.max(1000, Math.min(GITHUB_BUDGET_MS, deadline - Date.now()))
  const render = renderContext(context, verdict, checked, notes)
  // Side by side: the issue and the pull request's comment and check run share one GitHub budget, not two in a row.
  const [watched, published] = await Promise.all([
    watchIssue({
      token: inputs.githubToken,
      policy: settings.issue,
      context,
      report,
      failing: watchFails,
      render,
      budgetMs: budgetMs(),
    }),
    publishToGitHub({
      token: inputs.githubToken,
      comment: settings.comment,
      checkRun: settings.checkRun,
      context,
      report,
      verdict,
      render,
      configPath: inputs.configPath,
      pullRequest: { ...checked.pullRequest, notes: [] },
      budgetMs: budgetMs(),
    }),
  ])
  if (watched.action) output.info(`The drift watch's issue was ${watched.action}: ${watched.url}`)
  const publishNotes = [...watched.notes, ...published.notes].map(output.redact)
  for (const note of publishNotes) output.warning(note)
  if (publishNotes.length > 0) await output.summary(noteLines(publishNotes).join('\n') + '\n')
  if (published.commentUrl || published.checkRunUrl) {
    await output.attempt('set the step outputs', () =>
      setPublishedOutputs(output, published.commentUrl, published.checkRunUrl),
    )
  }
}

/** What the summary, the comment and the check run say besides the report. */
function renderContext(context: GithubContext, verdict: GateVerdict, checked: CheckedRun, notes: string[]) {
  const appliedBy = verdict.overriddenBy ? checked.override.by : undefined
  return {
    overriddenBy: verdict.overriddenBy,
    overrideAppliedBy: appliedBy,
    runUrl: context.runUrl,
    notes,
    checksDoc: context.checksDoc,
  }
}

function reportEnvironment(outcome: PlanOutcome, inputName: string | undefined): ReportEnvironment {
  if (outcome.ok) {
    const env = outcome.plan.environment
    return { name: env.name, instanceType: env.instanceType, source: env.source, phase: outcome.plan.phase.value }
  }
  return { name: outcome.environmentName ?? inputName ?? 'unknown', instanceType: null, source: null, phase: null }
}

/** For ACTIONS_STEP_DEBUG: what the run decided before it checked anything. */
function describePlan(plan: Plan): string {
  const env = plan.environment
  return [
    `environment ${env.name} (${env.instanceType} instance, from ${env.source})`,
    `DNS: ${plan.dnsServers.length > 0 ? plan.dnsServers.join(', ') : "the runner's resolvers"}, ${plan.dnsTimeoutMs} ms a query`,
    `Clerk's APIs: ${plan.clerkApi}, Frontend API ${plan.frontendApiUrl ? displayUrl(plan.frontendApiUrl) : 'unknown'}`,
    `live checks: ${plan.liveChecks}, ${plan.httpTimeoutMs} ms an exchange, ${plan.phase.value} (${plan.phase.from})`,
    `app origins: ${plan.appOrigins.value.join(', ') || 'none'}`,
  ].join('; ')
}
