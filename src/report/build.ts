import { SCHEMA_VERSION, type CheckResult, type Report, type ReportEnvironment, type Status } from './model.js'

const STATUSES: readonly Status[] = ['pass', 'warn', 'fail', 'error', 'skip']

export function overallStatus(checks: readonly CheckResult[]): Report['status'] {
  if (checks.some(c => c.status === 'fail' || c.status === 'error')) return 'fail'
  if (checks.some(c => c.status === 'warn')) return 'warn'
  return 'pass'
}

export function buildReport(environment: ReportEnvironment, checks: CheckResult[], durationMs: number): Report {
  const counts = Object.fromEntries(STATUSES.map(s => [s, checks.filter(c => c.status === s).length])) as Record<
    Status,
    number
  >
  return {
    schemaVersion: SCHEMA_VERSION,
    environment,
    status: overallStatus(checks),
    checks,
    counts,
    durationMs: Math.round(durationMs),
  }
}

/** Ids of the checks that make the report fail, for the `failed-checks` output. */
export function failedCheckIds(report: Report): string[] {
  return [...new Set(report.checks.filter(c => c.status === 'fail' || c.status === 'error').map(c => c.id))]
}
