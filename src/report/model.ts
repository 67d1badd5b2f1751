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
  /** The fix as data (records, list entries, policy directives, a code change), for renderers to lay out. */
  fixParts?: FixParts
  /** Findings of other checks this one follows from, when they fail too. */
  followsFrom?: Cause[]
  evidence?: Record<string, unknown>
}
/**
 * A fix as data, beside the sentence that says it (`fix`): the records, list entries, policy directives and code
 * changes a reader copies. Checks fill it from the values they judged; renderers lay it out (a zone-file block, the
 * corrected list, the corrected policy) and never read the sentence for it. ESLint's `fix`/`suggest` and zizmor's fix
 * objects are the models: a rule says what to change as data, the tool decides how to show or apply it.
 */
export interface FixParts {
  /** DNS records to add, or to change an existing one into, in zone-file form. */
  records?: DnsRecordPart[]
  /** Entries to add to or remove from a list the app passes to Clerk, and, once per list, the whole list corrected. */
  list?: ListPart
  /** Each deployed policy that changes, corrected: the directives in order, with what is added marked. */
  policies?: PolicyPart[]
  /** A change to the app's code, where the check knows the place. */
  code?: CodePart
}

export interface DnsRecordPart {
  /** `add`: the zone lacks it; `change`: a record of that name is there in another form (proxied, elsewhere). */
  action: 'add' | 'change'
  /** The owner name, absolute: `clerk.example.com.`. */
  name: string
  type: 'CNAME' | 'CAA' | 'TXT'
  /** The record's data as a zone file writes it: `frontend-api.clerk.services.`, `0 issue "pki.goog"`. */
  data: string
}

export interface ListPart {
  /** The list's name as the app's code spells it (`authorizedParties`): findings that edit one list are one problem. */
  name: string
  add?: string[]
  remove?: string[]
  /** The whole list with every change made; given in one finding of the list, so that a long list is said once. */
  corrected?: string[]
  /** Where the corrected list goes, said above it. */
  apply?: string
}

export interface PolicyPart {
  directives: PolicyDirective[]
}

export interface PolicyDirective {
  /** The directive's name, as deployed. */
  name: string
  /** The sources it keeps (for a directive the policy lacked: those of its fallback, which it takes over from). */
  sources: string[]
  /** The sources added, in order; empty for a directive that stays as it is. */
  added: string[]
  /** A directive the policy lacked, added whole. */
  new?: boolean
}

export interface CodePart {
  /** The file, relative to the workspace, and the line when known. */
  file: string
  line?: number
  /** What to change there. */
  change: string
}

/**
 * A finding that follows from another check's: a certificate Clerk cannot issue while a CAA record forbids it. When
 * that finding fails too, the presentation shows this one under it; when it passes, this one stands on its own.
 */
export interface Cause {
  id: CheckId
  /** The cause's subject; none: any failing finding of that check. */
  subject?: string
  /** Fixing the cause fixes this finding too, so its own fix is not said again. */
  fixedWithIt?: boolean
}

/** A record as a zone file line: `name TYPE data`. */
export function recordLine(record: DnsRecordPart): string {
  return `${record.name} ${record.type} ${record.data}`
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
