import * as core from '@actions/core'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { failedCheckIds } from './report.js'
import type { Report } from './report-model.js'

export async function writeReport(path: string, report: Report): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`)
}

export function setOutputs(report: Report, reportFile: string): void {
  core.setOutput('status', report.status)
  core.setOutput('report-file', reportFile)
  core.setOutput('failed-checks', failedCheckIds(report).join(','))
}

/** The job summary needs the runner's GITHUB_STEP_SUMMARY; outside a runner there is nowhere to write it. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(markdown).write()
}
