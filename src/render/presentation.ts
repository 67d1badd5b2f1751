import {
  recordLine,
  type CheckId,
  type CheckResult,
  type ListPart,
  type PolicyPart,
  type Report,
  type Status,
} from '../report/model.js'

/**
 * How a report is told to a reader: as problems, not as findings. Findings that share a fix are one problem listing
 * the subjects it affects; a finding that follows from another (its `followsFrom`, as its check declared it) is shown
 * under its cause. The blocks to copy are laid out from each fix's data (`fixParts`): records, lists, policies. The
 * job summary, the pull-request comment and the check run are all rendered from this; the report itself keeps every
 * finding as the checks gave it. Nothing here knows a check: what it needs is in the findings.
 */

export interface CopyBlock {
  /** The fenced block's info string (`js`), or '' for plain text. */
  language: string
  text: string
  /** What the block adds to what is deployed (an entry, a source, a record): where it is in `text`. */
  added: Array<{ at: number; length: number }>
}

export interface Problem {
  /** The worst status among its findings. */
  status: Status
  ids: CheckId[]
  subjects: string[]
  /** What is wrong: the findings' messages, those alike (the same but for their subject) said once. */
  messages: Message[]
  fix?: string
  block?: CopyBlock
  findings: CheckResult[]
  /** Problems that follow from this one, shown under it. */
  followers: Problem[]
  /** For a follower: its fix is this problem's fix, and is not said again. */
  fixedWithCause?: boolean
}

/** A message, and the other subjects of which the same is said. */
export interface Message {
  text: string
  likewise: string[]
}

export interface Presentation {
  report: Report
  /** Failures first, then warnings; in the order of the checks within each. */
  problems: Problem[]
  /** Every DNS record some fix asks to add or change, in zone-file form, each once, with the checks that ask. */
  records: Array<{ text: string; ids: CheckId[] }>
  /** The records as one zone-file block, each under a comment naming the checks that ask for it. */
  recordsBlock?: CopyBlock
  /** What passed or was skipped, folded away. */
  quiet: CheckResult[]
}

const SEVERITY: Record<Status, number> = { error: 0, fail: 1, warn: 2, pass: 3, skip: 4 }

export function bySeverity(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status])
}

const failing = (status: Status) => status === 'fail' || status === 'error'
const runnerSide = (finding: CheckResult) => finding.evidence?.runnerSide !== undefined

/** Up to this many messages of one problem are listed; the report has them all. */
export const MESSAGES_LISTED = 50

export function present(report: Report): Presentation {
  const open = report.checks.filter(c => c.status !== 'pass' && c.status !== 'skip')
  const causes = causesOf(open)
  const rootOf = rootsOf(open, causes)
  const roots = open.filter(f => rootOf.get(f) === f)
  const problems = group(roots)
  const problemOf = new Map<CheckResult, Problem>()
  for (const problem of problems) for (const f of problem.findings) problemOf.set(f, problem)
  const followersOf = new Map<Problem, CheckResult[]>()
  for (const finding of open.filter(f => rootOf.get(f) !== f)) {
    const cause = problemOf.get(rootOf.get(finding) as CheckResult) as Problem
    const followers = followersOf.get(cause)
    if (followers) followers.push(finding)
    else followersOf.set(cause, [finding])
  }
  for (const [cause, followers] of followersOf) {
    cause.followers = group(followers).map(f => ({
      ...f,
      fixedWithCause: f.findings.every(finding => causes.get(finding)?.fixedWithIt === true),
    }))
  }
  problems.sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status])

  const records = new Map<string, Set<CheckId>>()
  for (const finding of open) {
    for (const record of finding.fixParts?.records ?? []) {
      const text = recordLine(record)
      records.set(text, (records.get(text) ?? new Set()).add(finding.id))
    }
  }
  const listed = [...records].map(([text, ids]) => ({ text, ids: [...ids] }))
  return {
    report,
    problems,
    records: listed,
    ...(listed.length > 0 ? { recordsBlock: zoneBlock(listed) } : {}),
    quiet: bySeverity(report.checks.filter(c => c.status === 'pass' || c.status === 'skip')),
  }
}

/**
 * Each finding's cause: the first of its declared causes that fails in this report (a finding of that check on that
 * subject, or on any when the cause names none), and whether fixing it fixes the finding.
 */
function causesOf(open: readonly CheckResult[]): Map<CheckResult, { finding: CheckResult; fixedWithIt: boolean }> {
  const firstFailing = new Map<string, CheckResult>()
  for (const c of open) {
    if (!failing(c.status)) continue
    for (const key of [c.id, `${c.id} ${c.subject}`]) if (!firstFailing.has(key)) firstFailing.set(key, c)
  }
  const causes = new Map<CheckResult, { finding: CheckResult; fixedWithIt: boolean }>()
  for (const finding of open) {
    // What the runner met is one problem of its own (one fix, src/checks/shared/runner-side.ts), neither cause nor
    // follower.
    if (runnerSide(finding)) continue
    for (const cause of finding.followsFrom ?? []) {
      const found = firstFailing.get(cause.subject === undefined ? cause.id : `${cause.id} ${cause.subject}`)
      if (found === undefined || found === finding) continue
      if (!runnerSide(found)) causes.set(finding, { finding: found, fixedWithIt: cause.fixedWithIt === true })
      break
    }
  }
  return causes
}

/**
 * Where each finding is shown: under the first cause of its chain (a Frontend API without a certificate that CAA
 * blocks is shown under CAA), or on its own. Causes are the checks' data: a circle of them is cut where it closes, so
 * that every finding still has a place. Each finding is walked once.
 */
function rootsOf(
  open: readonly CheckResult[],
  causes: Map<CheckResult, { finding: CheckResult }>,
): Map<CheckResult, CheckResult> {
  const root = new Map<CheckResult, CheckResult>()
  for (const start of open) {
    const path: CheckResult[] = []
    const onPath = new Set<CheckResult>()
    let at = start
    let found = root.get(at)
    while (found === undefined) {
      path.push(at)
      onPath.add(at)
      const next = causes.get(at)?.finding
      if (next === undefined || onPath.has(next)) {
        if (next !== undefined) causes.delete(at)
        found = at
      } else {
        at = next
        found = root.get(at)
      }
    }
    for (const f of path) root.set(f, found)
  }
  return root
}

/**
 * Findings with the same fix are one problem; without a fix, those of one check that say the same but for their
 * subject (a lookup that timed out for each record). Findings that edit one list are one problem with the list
 * corrected, when some finding gives it corrected.
 */
function group(findings: CheckResult[]): Problem[] {
  const groups = new Map<string, CheckResult[]>()
  for (const f of findings) {
    const list = f.fixParts?.list
    const key =
      list?.corrected !== undefined ? `list ${list.name}` : f.fix ? `fix ${f.fix}` : `${f.id} ${f.status} ${shapeOf(f)}`
    const members = groups.get(key)
    if (members) members.push(f)
    else groups.set(key, [f])
  }
  // The corrected list is in one finding of the list; the others that edit that list share its fix.
  for (const [listKey, list] of groups) {
    if (!listKey.startsWith('list ')) continue
    const name = listKey.slice('list '.length)
    for (const [key, members] of groups) {
      if (key !== listKey && members.every(m => m.fixParts?.list?.name === name)) {
        for (const m of members) list.push(m)
        groups.delete(key)
      }
    }
  }
  return [...groups.values()].map(toProblem)
}

function toProblem(findings: CheckResult[]): Problem {
  const first = findings[0] as CheckResult
  const status = bySeverity(findings)[0]?.status ?? first.status
  const messages = whatIsWrong(findings)
  const problem: Problem = {
    status,
    ids: [...new Set(findings.map(f => f.id))],
    subjects: [...new Set(findings.map(f => f.subject))].filter(s => s !== '—'),
    messages,
    fix: first.fix,
    findings,
    followers: [],
  }
  const list = findings.map(f => f.fixParts?.list).find(l => l?.corrected !== undefined)
  // With no entry known the check's own fix says what to pass; a list is worth a block.
  if (list?.corrected && list.corrected.length > 0) {
    problem.fix = list.apply ?? first.fix
    problem.block = listBlock(list, list.corrected, findings)
  }
  const policies = first.fixParts?.policies
  if (policies && policies.length > 0) {
    problem.fix = `Deploy ${policies.length === 1 ? 'this policy' : 'these policies'}: the deployed one with what Clerk needs added, directive by directive. Each directive starts a line, each source added is on a line of its own under it; joined by spaces, the lines are the \`Content-Security-Policy\` value${policies.length === 1 ? '' : '; a blank line parts two policies (one header joins them with a comma)'}.`
    problem.block = policyBlock(policies)
  }
  return problem
}

/** Builds a block's text a line at a time, noting where what it adds stands. */
class BlockWriter {
  private readonly lines: string[] = []
  private length = 0
  readonly added: CopyBlock['added'] = []

  line(text: string, addedAt?: { from: number; to?: number }): void {
    const start = this.length + (this.lines.length > 0 ? 1 : 0)
    if (addedAt) this.added.push({ at: start + addedAt.from, length: (addedAt.to ?? text.length) - addedAt.from })
    this.lines.push(text)
    this.length = start + text.length
  }

  block(language: string): CopyBlock {
    return { language, text: this.lines.join('\n'), added: this.added }
  }
}

/** The whole list, corrected, one entry a line, as the code writes it: each entry some finding adds, marked. */
function listBlock(list: ListPart, corrected: readonly string[], findings: readonly CheckResult[]): CopyBlock {
  const adds = new Set(findings.flatMap(f => f.fixParts?.list?.add ?? []))
  const out = new BlockWriter()
  out.line(`${list.name}: [`)
  for (const entry of corrected) {
    const quoted = JSON.stringify(entry)
    out.line(`  ${quoted},`, adds.has(entry) ? { from: 2, to: 2 + quoted.length } : undefined)
  }
  out.line(']')
  return out.block('js')
}

/**
 * The corrected policies, a directive a line, each source added on a line of its own under its directive: at the width
 * of a pull-request comment a long directive runs past the block's edge, and what is added must not be behind it.
 */
function policyBlock(policies: readonly PolicyPart[]): CopyBlock {
  const out = new BlockWriter()
  policies.forEach((policy, i) => {
    if (i > 0) out.line('')
    for (const directive of policy.directives) {
      const head = [directive.name, ...directive.sources].join(' ')
      const last = directive.added.length - 1
      out.line(`${head}${last < 0 ? ';' : ''}`, directive.new ? { from: 0, to: directive.name.length } : undefined)
      directive.added.forEach((source, j) =>
        out.line(`  ${source}${j === last ? ';' : ''}`, { from: 2, to: 2 + source.length }),
      )
    }
  })
  return out.block('')
}

/** Every record to add or change, in zone-file form, each under a comment naming the checks that ask for it. */
function zoneBlock(records: ReadonlyArray<{ text: string; ids: CheckId[] }>): CopyBlock {
  const out = new BlockWriter()
  for (const record of records) {
    out.line(`; ${record.ids.join(', ')}`)
    out.line(record.text, { from: 0 })
  }
  return out.block('')
}

/** A message with its subject taken out: what two findings alike but for their subject share. */
function shapeOf(f: CheckResult): string {
  return f.subject.length > 0 ? f.message.split(f.subject).join('\u0000') : f.message
}

/**
 * Messages that differ only in their subject (the same failure on three hosts) are said once, naming the other
 * subjects; the same message is said once. One pass, keyed by the message's shape.
 */
function whatIsWrong(findings: CheckResult[]): Message[] {
  const messages = new Map<string, Message>()
  for (const f of findings) {
    const shape = shapeOf(f)
    const seen = messages.get(shape)
    if (!seen) messages.set(shape, { text: f.message, likewise: [] })
    else if (seen.text !== f.message) seen.likewise.push(f.subject)
  }
  return [...messages.values()]
}

/** The problems that make the report fail, and the warnings. */
export function tally(presentation: Presentation): { failing: Problem[]; warnings: Problem[] } {
  return {
    failing: presentation.problems.filter(p => failing(p.status)),
    warnings: presentation.problems.filter(p => p.status === 'warn'),
  }
}

const IDS_NAMED = 3

/** The ids a verdict names: those of the first problems, then an ellipsis. */
export function namedIds(problems: Problem[]): string[] {
  const ids = [...new Set(problems.flatMap(p => p.ids.slice(0, 1)))]
  return ids.length > IDS_NAMED ? [...ids.slice(0, IDS_NAMED), '…'] : ids
}

export function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}

/**
 * The verdict in words, naming what failed: "production is not ready: 8 problems" and the first ids. The
 * caller says the environment's name its own way (bold in Markdown, as is in a log line) and each id (a code span).
 */
export function verdictParts(presentation: Presentation): { state: string; count: string; ids: string[] } {
  const { failing: fails, warnings } = tally(presentation)
  const status = presentation.report.status
  if (status === 'fail') {
    return {
      state: 'is not ready:',
      count: `${plural(fails.length, 'problem')}${warnings.length > 0 ? ` and ${plural(warnings.length, 'warning')}` : ''}`,
      ids: namedIds(fails),
    }
  }
  if (status === 'warn')
    return { state: 'is ready, with', count: plural(warnings.length, 'warning'), ids: namedIds(warnings) }
  return { state: 'is ready', count: '', ids: [] }
}

/** The verdict as plain text, for the log's annotation and the check run's title. */
export function verdictText(presentation: Presentation): string {
  const { state, count, ids } = verdictParts(presentation)
  const what = count ? ` ${count}${ids.length > 0 ? ` (${ids.join(', ')})` : ''}` : ''
  return `Clerk preflight: ${presentation.report.environment.name} ${state}${what}`
}
