import * as core from '@actions/core'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { failedCheckIds } from './build.js'
import type { Report } from './model.js'

export function writeReport(path: string, report: Report): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`)
}

export function setOutputs(report: Report, reportFile: string, commentUrl = '', checkRunUrl = ''): void {
  core.setOutput('status', report.status)
  core.setOutput('report-file', reportFile)
  core.setOutput('failed-checks', failedCheckIds(report).join(','))
  core.setOutput('comment-url', commentUrl)
  core.setOutput('check-run-url', checkRunUrl)
}
