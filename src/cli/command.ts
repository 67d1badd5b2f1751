import { appendFile } from 'node:fs/promises'
import { CHECKS } from '../checks/index.js'
import { readGithubContext } from '../github/context.js'
import { checkRun, judgeRun, planRun } from '../main.js'
import { Output } from '../output.js'
import { writeReport } from '../report/write.js'
import { secretsToMask, type InputSource } from '../settings/input-helper.js'
import { parseArgs, UsageError } from './args.js'
import { GITHUB_ONLY_INPUTS, helpText } from './help.js'
import { mergedTable, readReportRows, ReportFileError } from './merge.js'
import { startProgress, type ProgressStream } from './progress.js'
import { renderText, styleFor } from './text.js'
import { judgedVariables, vercelBuild } from './vercel.js'

/**
 * `clerk-preflight`: the action's pipeline (plan, check, judge) with the inputs from the command line and the
 * findings on stdout; what the action publishes to GitHub it does not. Exit status: 0 or 1 as the gate decides, 2 on
 * invalid usage.
 */

export interface Terminal {
  stdout: ProgressStream
  stderr: ProgressStream
}

type Env = Record<string, string | undefined>

export async function runCommand(argv: readonly string[], env: Env, terminal: Terminal): Promise<number> {
  try {
    const command = parseArgs(argv)
    if (command.kind === 'help') {
      terminal.stdout.write(helpText())
      return 0
    }
    if (command.kind === 'merge') return await merge(command.files, env, terminal)
    return await check(command.inputs, command.json, env, terminal)
  } catch (error) {
    if (error instanceof UsageError || error instanceof ReportFileError) {
      terminal.stderr.write(`clerk-preflight: ${error.message}\n`)
      return 2
    }
    throw error
  }
}

async function check(flags: ReadonlyMap<string, string>, json: boolean, env: Env, terminal: Terminal): Promise<number> {
  const started = Date.now()
  // As the runner reads an input: a blank value is no value.
  const source: InputSource = name => {
    const value = flags.get(name)
    return value !== undefined && value.trim() !== '' ? value : undefined
  }
  const warn = (text: string) => terminal.stderr.write(`clerk-preflight: ${text}\n`)
  // A terminal has no masking of its own: the redactor is what keeps the secrets out of what is printed.
  const output = new Output(secretsToMask(env, source), { channel: { setSecret: () => undefined, warning: warn } })
  try {
    for (const name of GITHUB_ONLY_INPUTS.filter(n => flags.has(n))) {
      warn(`--${name} is for the action on GitHub; the command publishes nothing, and it was not used.`)
    }
    const vercel = vercelBuild(env)
    const planned = await planRun(env, source, vercel?.liveUrl)
    output.maskUrlCredentials(planned.settings.urls)
    const name = planned.outcome.ok ? planned.outcome.plan.environment.name : 'the environment'
    const progress = startProgress(terminal.stderr, started, name)
    const checked = await checkRun(planned, started + planned.settings.runTimeoutMs, progress.watch(CHECKS))
    progress.stop()
    const { report, verdict } = judgeRun(planned, checked.results, started, output)
    for (const note of checked.notes) warn(output.redact(note))
    const reportFile = planned.settings.reportFile
    if (reportFile) await output.attempt(`write the report to ${reportFile}`, () => writeReport(reportFile, report))
    const head = [...(planned.outcome.ok ? [judgedVariables(planned.outcome.plan)] : []), ...(vercel?.lines ?? [])].map(
      output.redact,
    )
    if (json) {
      terminal.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
      for (const line of head) terminal.stderr.write(`${line}\n`)
    } else {
      const style = styleFor(terminal.stdout.isTTY === true, env)
      terminal.stdout.write(output.redact(renderText(report, style, head)))
      terminal.stdout.write(
        `\n${verdict.fail ? 'The gate fails' : 'The gate passes'}: ${output.redact(verdict.reason)}\n`,
      )
    }
    return verdict.fail ? 1 : 0
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    warn(output.redact(`stopped on an unexpected error: ${message}`))
    return 1
  }
}

/** The reports of a matrix as one table: on stdout, and in the job summary when there is one. */
async function merge(files: string[], env: Env, terminal: Terminal): Promise<number> {
  const rows = await readReportRows(files)
  const context = await readGithubContext(env)
  const table = mergedTable(rows, context.runUrl)
  terminal.stdout.write(table)
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${table}\n`)
  return 0
}
