import * as core from '@actions/core'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { failedCheckIds } from './build.js'
import type { Report } from './model.js'

export function writeReport(path: string, report: Report): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`)
}

/** Every output, set before publishing; the URLs are empty until something was published. */
export function setOutputs(report: Report, reportFile: string): void {
  core.setOutput('status', report.status)
  core.setOutput('report-file', reportFile)
  core.setOutput('failed-checks', failedCheckIds(report).join(','))
  setPublishedOutputs()
}

/** What publishing made; set again after it (the runner keeps an output's last value). */
export function setPublishedOutputs(commentUrl = '', checkRunUrl = ''): void {
  core.setOutput('comment-url', commentUrl)
  core.setOutput('check-run-url', checkRunUrl)
}
