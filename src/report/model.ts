import type { InstanceType } from '../clerk/keys.js'
import type { EnvironmentSource } from '../settings/environment.js'

export const SCHEMA_VERSION = 1

export type Status = 'pass' | 'warn' | 'fail' | 'error' | 'skip'

/**
 * The stable ids of ../shared/contract.md: `config`, which the runner itself reports, and every registered check's
 * (src/checks/index.ts declares them; the report names no check, so that nothing below the registry imports it).
 */
export type CheckId = string

export interface CheckResult {
  id: CheckId
  subject: string
  status: Status
  title: string
  message: string
  fix?: string
  evidence?: Record<string, unknown>
}

export interface ReportEnvironment {
  name: string
  instanceType: InstanceType | null
  source: EnvironmentSource | null
  /** Which release the live checks judged: the previous one (before the deploy) or the one this run gates. */
  phase: 'before-deploy' | 'after-deploy' | null
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION
  environment: ReportEnvironment
  status: 'pass' | 'warn' | 'fail'
  checks: CheckResult[]
  counts: Record<Status, number>
  durationMs: number
}
