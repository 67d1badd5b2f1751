import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { failedCheckIds } from './build.js'
import type { Report } from './model.js'

/**
 * Where the report goes when `report-file` is not given: a file of this step's own, so that two steps of a job (a
 * preflight per environment) do not write over each other. GITHUB_ACTION names the step, unique within the job (the
 * runner adds `_2`, `_3` to an action used twice); RUNNER_TEMP is the job's own and emptied after it.
 */
export function defaultReportFile(env: NodeJS.ProcessEnv): string {
  const step = (env.GITHUB_ACTION ?? '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 100)
  return join(env.RUNNER_TEMP || tmpdir(), step ? `clerk-preflight-${step}.json` : 'clerk-preflight.json')
}

export function writeReport(path: string, report: Report): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`)
}

/** Where step outputs go (src/output.ts). */
export interface StepOutputs {
  setOutput(name: string, value: string): void
}

/** Every output, set before publishing; the URLs are empty until something was published. */
export function setOutputs(out: StepOutputs, report: Report, reportFile: string): void {
  out.setOutput('status', report.status)
  out.setOutput('report-file', reportFile)
  out.setOutput('failed-checks', failedCheckIds(report).join(','))
  setPublishedOutputs(out)
}

/** What publishing made; set again after it (the runner keeps an output's last value). */
export function setPublishedOutputs(out: StepOutputs, commentUrl = '', checkRunUrl = ''): void {
  out.setOutput('comment-url', commentUrl)
  out.setOutput('check-run-url', checkRunUrl)
}
