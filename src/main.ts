import * as core from './runner.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { annotate } from './github/annotations.js'
import { CHECKS } from './checks/index.js'
import { loadConfigFile } from './settings/config-loader.js'
import { gate } from './gate.js'
import { deploymentUrl, environmentClues, pullRequestOf, readGithubContext } from './github/context.js'
import { publishToGitHub } from './github/publisher.js'
import { maskSecrets, readInputs } from './settings/input-helper.js'
import { buildPlan, type PlanOutcome } from './settings/plan.js'
import { setOutputs, writeReport } from './report/write.js'
import { makeRedactor, redactDeep } from './redact.js'
import { renderLog } from './render/log.js'
import { renderSummary } from './render/summary.js'
import { buildReport } from './report/build.js'
import type { ReportEnvironment } from './report/model.js'
import { runChecks } from './checks/run-checks.js'

/** inputs -> plan -> checks -> one report -> renderers -> gate. */
export async function run(env: Record<string, string | undefined> = process.env): Promise<void> {
  const started = Date.now()
  const secrets = maskSecrets(env)
  const redact = makeRedactor(secrets)
  try {
    const context = await readGithubContext(env)
    const inputs = readInputs(env)
    const config = await loadConfigFile(inputs.configPath, inputs.configExplicit, context.workspace)
    const outcome = buildPlan({
      inputs: inputs.settings,
      secretKey: inputs.secretKey,
      webhookSecret: inputs.webhookSecret,
      env,
      clues: environmentClues(context, env),
      deploymentUrl: deploymentUrl(context),
      config,
      workspace: context.workspace,
    })
    const results = await runChecks(outcome, config, CHECKS)
    const report = redactDeep(
      buildReport(reportEnvironment(outcome, inputs.settings.environment), results, Date.now() - started),
      redact,
    )

    // Without a valid plan the report still goes where the input says, so a later step finds it.
    const reportFile =
      (outcome.ok ? outcome.plan.reportFile : inputs.settings['report-file']) ??
      join(env.RUNNER_TEMP || tmpdir(), 'clerk-preflight.json')
    writeReport(reportFile, report)
    for (const line of renderLog(report)) core.info(line)
    annotate(report, config.ok ? config.loaded.path : inputs.configPath)

    const publishing = publishingSettings(outcome, inputs.settings)
    const labels = pullRequestOf(context)?.labels ?? []
    const override =
      publishing.overrideLabel && labels.includes(publishing.overrideLabel) ? publishing.overrideLabel : undefined
    const verdict = gate(report, outcome.ok ? outcome.plan.failOn : 'error', outcome.ok, override)
    const render = { overriddenBy: verdict.overriddenBy, runUrl: context.runUrl }
    const notes = (
      await publishToGitHub({
        token: inputs.githubToken,
        comment: publishing.comment,
        checkRun: publishing.checkRun,
        context,
        report,
        verdict,
        render,
        configPath: inputs.configPath,
      })
    ).map(redact)
    for (const note of notes) core.warning(note)
    core.appendSummary(renderSummary(report, { ...render, notes }))
    setOutputs(report, reportFile)

    if (verdict.fail) core.setFailed(verdict.reason)
    else core.info(verdict.reason)
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    core.setFailed(redact(`clerk-preflight stopped on an unexpected error: ${message}`))
  }
}

/** Where the report goes on GitHub; read leniently from the inputs when the plan could not be made. */
function publishingSettings(outcome: PlanOutcome, settings: Record<string, string>) {
  if (outcome.ok)
    return { comment: outcome.plan.comment, checkRun: outcome.plan.checkRun, overrideLabel: outcome.plan.overrideLabel }
  const comment = settings.comment === 'true' || settings.comment === 'false' ? settings.comment : 'auto'
  return { comment, checkRun: settings['check-run'] === 'true', overrideLabel: undefined } as const
}

function reportEnvironment(outcome: PlanOutcome, inputName: string | undefined): ReportEnvironment {
  if (outcome.ok) {
    const env = outcome.plan.environment
    return { name: env.name, instanceType: env.instanceType, source: env.source }
  }
  return { name: outcome.environmentName ?? inputName ?? 'unknown', instanceType: null, source: null }
}
