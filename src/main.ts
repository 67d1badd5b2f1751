import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { annotate } from './github/annotations.js'
import { CHECKS } from './checks/index.js'
import { loadConfigFile } from './settings/config-loader.js'
import { gate } from './gate.js'
import { deploymentUrl, environmentClues, pullRequestOf, readGithubContext } from './github/context.js'
import { publishToGitHub } from './github/publisher.js'
import { maskSecrets, readInputs, shortSecretProblems } from './settings/input-helper.js'
import { settingsShape, type CommentPolicy } from './settings/schema.js'
import { buildPlan, DEFAULT_RUN_TIMEOUT_MS, type Plan, type PlanOutcome } from './settings/plan.js'
import { createCheckTools } from './checks/check.js'
import { GITHUB_BUDGET_MS } from './github/client.js'
import { setOutputs, setPublishedOutputs, writeReport } from './report/write.js'
import { makeRedactor, redactDeep } from './redact.js'
import { displayUrl, urlCredentials } from './web/hostname.js'
import { logLine, renderLog } from './render/log.js'
import { noteLines, renderSummary } from './render/summary.js'
import { buildReport } from './report/build.js'
import type { ReportEnvironment } from './report/model.js'
import { CONFIG_TITLE, runChecks } from './checks/run-checks.js'
import { configChange, type ConfigChange } from './github/config-change.js'

/** inputs -> plan -> checks -> one report -> renderers -> gate. */
export async function run(): Promise<void> {
  const started = Date.now()
  // @actions/core reads inputs, output and summary files from process.env; the plan reads Clerk's variables from it.
  const env = process.env
  const secrets = maskSecrets(env)
  let redact = makeRedactor(secrets)
  // Each channel fails on its own: an unwritable report file must not cost the summary, the outputs or the verdict.
  const attempt = async (what: string, write: () => unknown): Promise<boolean> => {
    try {
      await write()
      return true
    } catch (error) {
      core.warning(redact(`Could not ${what}: ${(error as Error | undefined)?.message ?? String(error)}`))
      return false
    }
  }
  try {
    const context = await readGithubContext(env)
    const inputs = readInputs(env)
    const config = await loadConfigFile(inputs.configPath, inputs.configExplicit, context.workspace)
    const outcome = buildPlan({
      inputs: inputs.settings,
      secretKey: inputs.secretKey,
      webhookSecret: inputs.webhookSecret,
      platformApiKey: inputs.platformApiKey,
      vercelProtectionBypass: inputs.vercelProtectionBypass,
      env,
      clues: environmentClues(context, env),
      deploymentUrl: deploymentUrl(context),
      config,
      inputProblems: shortSecretProblems(inputs),
      workspace: context.workspace,
    })
    // Credentials in the deployed URL, the webhook's and the proxy's (userinfo, a protection-bypass token) are secrets
    // too, from here on.
    const inUrl = [
      ...urlCredentials(outcome.ok ? outcome.plan.url : (inputs.settings.url ?? deploymentUrl(context))),
      ...urlCredentials(outcome.ok ? outcome.plan.webhookUrl : inputs.settings['webhook-url']),
      ...urlCredentials(outcome.ok ? outcome.plan.proxyUrl : inputs.settings['proxy-url']),
    ]
    if (inUrl.length > 0) {
      for (const credential of inUrl) core.setSecret(credential)
      redact = makeRedactor([...secrets, ...inUrl])
    }
    if (outcome.ok) core.debug(redact(describePlan(outcome.plan)))
    // The run's deadline: the checks stop in time to leave the report, the summary and publishing their share.
    const runTimeoutMs = outcome.ok ? outcome.plan.runTimeoutMs : DEFAULT_RUN_TIMEOUT_MS
    const runDeadline = started + runTimeoutMs
    const kept = Math.min(GITHUB_BUDGET_MS, runTimeoutMs / 4)
    const checksDeadline = runDeadline - kept
    // Asked of GitHub while the checks run, within their time: whether this pull request wrote the file.
    const changed =
      outcome.ok && config.ok && config.loaded.present
        ? configChange({
            token: inputs.githubToken,
            context,
            prNumber: pullRequestOf(context)?.number,
            paths: [config.loaded.path, ...(config.loaded.file ? [config.loaded.file] : [])],
            subject: config.loaded.path,
            title: CONFIG_TITLE,
            budgetMs: Math.max(1000, Math.min(GITHUB_BUDGET_MS, checksDeadline - Date.now())),
          })
        : Promise.resolve({} as ConfigChange)
    const results = await runChecks(outcome, config, CHECKS, createCheckTools, checksDeadline)
    const change = await changed
    if (change.result) results.splice(results.findIndex(r => r.id === 'config') + 1, 0, change.result)
    core.debug(`checks done after ${Date.now() - started} ms`)
    const unredacted = buildReport(
      reportEnvironment(outcome, inputs.settings.environment),
      results,
      Date.now() - started,
    )

    // The verdict is decided on the report as the checks made it: redaction changes what is written, never the gate.
    const publishing = publishingSettings(outcome, inputs.settings)
    // The labels are the event's pull request's; `pr-number` naming another one has none the run can see.
    const eventPr = pullRequestOf(context)
    const prNumber = outcome.ok ? outcome.plan.prNumber : undefined
    const labels = eventPr && (prNumber === undefined || prNumber === eventPr.number) ? eventPr.labels : []
    const override =
      publishing.overrideLabel && labels.includes(publishing.overrideLabel) ? publishing.overrideLabel : undefined
    const verdict = gate(unredacted, outcome.ok ? outcome.plan.failOn : 'error', outcome.ok, override)
    const report = redactDeep(unredacted, redact)
    const reason = logLine(redact(verdict.reason))

    // The verdict first: the runner shows only the first ten error annotations of a step.
    if (verdict.fail) core.setFailed(reason)
    else core.info(reason)
    const log = renderLog(report)
    for (const line of log.findings) core.info(line)
    if (log.quiet.lines.length > 0) {
      core.startGroup(log.quiet.title)
      for (const line of log.quiet.lines) core.info(line)
      core.endGroup()
    }
    annotate(report, config.ok ? config.loaded.path : inputs.configPath)

    // Without a valid plan the report still goes where the input says, so a later step finds it.
    const reportFile =
      (outcome.ok ? outcome.plan.reportFile : inputs.settings['report-file']) ??
      join(env.RUNNER_TEMP || tmpdir(), 'clerk-preflight.json')
    const written = await attempt(`write the report to ${reportFile}`, () => writeReport(reportFile, report))

    // The report, the summary and the outputs are written before GitHub is asked anything more, so that a GitHub that
    // hangs or a run cut short by its runner never costs them; what publishing adds comes after.
    const render = { overriddenBy: verdict.overriddenBy, runUrl: context.runUrl }
    const lookupNotes = change.note ? [redact(change.note)] : []
    for (const note of lookupNotes) core.warning(note)
    // Outside a runner there is no summary file, and @actions/core would throw for the want of one.
    const summarize = env.GITHUB_STEP_SUMMARY
      ? (text: string) => attempt('write the job summary', () => core.summary.addRaw(text, true).write())
      : async () => false
    await summarize(renderSummary(report, { ...render, notes: lookupNotes }))
    await attempt('set the step outputs', () => setOutputs(unredacted, written ? reportFile : ''))

    const published = await publishToGitHub({
      token: inputs.githubToken,
      comment: publishing.comment,
      checkRun: publishing.checkRun,
      context,
      report,
      verdict,
      render: { ...render, notes: lookupNotes },
      configPath: inputs.configPath,
      prNumber,
      budgetMs: Math.max(1000, Math.min(GITHUB_BUDGET_MS, runDeadline - Date.now())),
    })
    const notes = published.notes.map(redact)
    for (const note of notes) core.warning(note)
    if (notes.length > 0) await summarize(noteLines(notes).join('\n') + '\n')
    if (published.commentUrl || published.checkRunUrl) {
      await attempt('set the step outputs', () => setPublishedOutputs(published.commentUrl, published.checkRunUrl))
    }
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    core.setFailed(redact(`clerk-preflight stopped on an unexpected error: ${message}`))
  }
}

/** Where the report goes on GitHub; read leniently from the inputs when the plan could not be made. */
function publishingSettings(outcome: PlanOutcome, settings: Record<string, string>) {
  if (outcome.ok)
    return { comment: outcome.plan.comment, checkRun: outcome.plan.checkRun, overrideLabel: outcome.plan.overrideLabel }
  // The schema's own reading of the one value, so that `true` means `always` here as it does in a valid plan.
  const parsed = settingsShape.comment.safeParse(settings.comment)
  const comment: CommentPolicy = (parsed.success ? parsed.data : undefined) ?? 'auto'
  return { comment, checkRun: settings['check-run'] === 'true', overrideLabel: undefined } as const
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
