import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { code, inline } from '../render/markdown.js'
import { STATUS_ICON } from '../render/summary.js'
import { SCHEMA_VERSION, type Report } from '../report/model.js'

/**
 * `clerk-preflight merge reports/*.json`: the reports of many apps (a matrix, one job per app and environment) as one
 * table for the job summary: app, environment, status, failing checks, link. The app is the report's file name.
 */

/** A report larger than this is not one this action wrote (a report of every check with long evidence is far less). */
export const MAX_REPORT_BYTES = 10 * 1024 * 1024
/** Reports merged at once: a matrix has at most 256 jobs. */
export const MAX_REPORTS = 256
/** Failing checks named in a row; the rest are counted. */
const IDS_NAMED = 5

export interface MergedRow {
  app: string
  environment: string
  status: Report['status']
  /** Ids of checks whose status is fail or error, each once, in the report's order. */
  failing: string[]
}

/** A file that is not a report: the usage is wrong, and the command says which file and why. */
export class ReportFileError extends Error {}

export async function readReportRows(paths: readonly string[]): Promise<MergedRow[]> {
  if (paths.length === 0) throw new ReportFileError('merge needs the report files to merge (reports/*.json)')
  if (paths.length > MAX_REPORTS) throw new ReportFileError(`merge takes at most ${MAX_REPORTS} reports at once`)
  const rows = await Promise.all(paths.map(readRow))
  const order: Record<Report['status'], number> = { fail: 0, warn: 1, pass: 2 }
  return rows.sort((a, b) => order[a.status] - order[b.status] || a.app.localeCompare(b.app))
}

async function readRow(path: string): Promise<MergedRow> {
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) throw new ReportFileError(`${path}: no such file`)
  if (info.size > MAX_REPORT_BYTES) throw new ReportFileError(`${path}: larger than a report (${info.size} bytes)`)
  let report: unknown
  try {
    report = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new ReportFileError(`${path}: not JSON (${(error as Error).message})`)
  }
  const problem = reportProblem(report)
  if (problem) throw new ReportFileError(`${path}: not a clerk-preflight report (${problem})`)
  const { environment, status, checks } = report as Report
  const failing = [...new Set(checks.filter(c => c.status === 'fail' || c.status === 'error').map(c => c.id))]
  return { app: appName(path, environment.name), environment: environment.name, status, failing }
}

/** What the merge reads, checked: another version's report, or another file, is said rather than misread. */
function reportProblem(value: unknown): string | undefined {
  const report = value as Partial<Report> | null
  if (typeof report !== 'object' || report === null) return 'not an object'
  if (report.schemaVersion !== SCHEMA_VERSION)
    return `schemaVersion is ${JSON.stringify(report.schemaVersion)}, not ${SCHEMA_VERSION}`
  if (typeof report.environment?.name !== 'string') return 'environment.name is missing'
  if (!['pass', 'warn', 'fail'].includes(report.status as string)) return 'status is not pass, warn or fail'
  if (!Array.isArray(report.checks) || !report.checks.every(c => typeof c?.id === 'string'))
    return 'checks is not a list of results'
  return undefined
}

/** `www.json` and `www.production.json` are the app `www`: the environment is the report's own. */
export function appName(path: string, environment: string): string {
  const name = basename(path).replace(/\.json$/i, '')
  const suffix = `.${environment}`
  return name.length > suffix.length && name.endsWith(suffix) ? name.slice(0, -suffix.length) : name
}

/** The table, each cell's outside data (file names, environment names, ids) as text GitHub shows as written. */
export function mergedTable(rows: readonly MergedRow[], link?: string): string {
  const cell = (text: string) => inline(text, { table: true })
  const failing = (ids: string[]) => {
    if (ids.length === 0) return '—'
    const named = ids.slice(0, IDS_NAMED).map(id => code(id, { table: true }))
    return ids.length > IDS_NAMED ? `${named.join(', ')} and ${ids.length - IDS_NAMED} more` : named.join(', ')
  }
  const counts = { pass: 0, warn: 0, fail: 0 }
  for (const row of rows) counts[row.status]++
  const verdict = (['fail', 'warn', 'pass'] as const)
    .filter(s => counts[s] > 0)
    .map(s => `${counts[s]} ${s}`)
    .join(' · ')
  return [
    `## Clerk preflight: ${rows.length} ${rows.length === 1 ? 'report' : 'reports'} · ${verdict}`,
    '',
    '| app | environment | status | failing checks | link |',
    '|---|---|---|---|---|',
    ...rows.map(
      r =>
        `| ${cell(r.app)} | ${cell(r.environment)} | ${STATUS_ICON[r.status]} ${r.status} | ${failing(r.failing)} | ${link ? `[the run](${link})` : '—'} |`,
    ),
    '',
  ].join('\n')
}
