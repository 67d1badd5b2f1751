import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { failedCheckIds } from './build.js'
import type { Report } from './model.js'

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
