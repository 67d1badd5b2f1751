import type { CheckId, CheckResult, Report, Status } from '../report/model.js'

/**
 * How a report is told to a reader: as problems, not as findings. Findings that share a fix are one problem listing
 * the subjects it affects; a finding that follows from another (a certificate Clerk cannot issue while a CAA record
 * forbids it) is shown under its cause. The job summary, the pull-request comment and the check run are all rendered
 * from this; the report itself keeps every finding as the checks gave it.
 */

export interface CopyBlock {
  /** The fenced block's info string (`js`), or '' for plain text. */
  language: string
  text: string
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
  /** What passed or was skipped, folded away. */
  quiet: CheckResult[]
}

const SEVERITY: Record<Status, number> = { error: 0, fail: 1, warn: 2, pass: 3, skip: 4 }

export function bySeverity(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status])
}

const failing = (status: Status) => status === 'fail' || status === 'error'
const runnerSide = (finding: CheckResult) => finding.evidence?.runnerSide !== undefined

/**
 * Which findings follow from which. A proxied record is also a missing CNAME (dns.cname says "see dns.proxy"), and
 * Clerk cannot issue a certificate for a host whose CAA records, proxy or CNAME block it (deploy.certificates' own fix
 * says to mend those first); a Frontend API without a certificate does not answer either. A key pair of two instance
 * types follows from the key that is of the wrong one. `sameFix`: the cause's fix mends the follower too.
 */
const FOLLOWS: ReadonlyArray<{ id: CheckId; from: readonly CheckId[]; sameSubject: boolean; sameFix: boolean }> = [
  { id: 'dns.cname', from: ['dns.proxy'], sameSubject: true, sameFix: true },
  { id: 'deploy.certificates', from: ['dns.caa', 'dns.proxy', 'dns.cname'], sameSubject: true, sameFix: false },
  { id: 'deploy.frontend-api', from: ['deploy.certificates'], sameSubject: true, sameFix: false },
  { id: 'keys.pair', from: ['keys.secret', 'keys.publishable'], sameSubject: false, sameFix: true },
]

/** A DNS record in zone-file form, as the checks write the ones to add: `name. TYPE data`. */
const ZONE_RECORD = /^[a-z0-9_*-]+(?:\.[a-z0-9_-]+)*\. (?:CNAME|CAA|TXT|A|AAAA|MX) \S.*$/i

/** The code spans of a message or fix: the values checks mark for copying. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map(m => m[1] ?? '')
}

/** Up to this many messages of one problem are listed; the report has them all. */
export const MESSAGES_LISTED = 50

export function present(report: Report): Presentation {
  const open = report.checks.filter(c => c.status !== 'pass' && c.status !== 'skip')
  // The first failing finding of each check, and of each check and subject: what a finding may follow from.
  const firstFailing = new Map<string, CheckResult>()
  for (const c of open) {
    if (!failing(c.status)) continue
    for (const key of [c.id, `${c.id} ${c.subject}`]) if (!firstFailing.has(key)) firstFailing.set(key, c)
  }
  const causeOf = new Map<CheckResult, CheckResult>()
  for (const finding of open) {
    const rule = FOLLOWS.find(r => r.id === finding.id)
    const cause = rule?.from
      .map(id => firstFailing.get(rule.sameSubject ? `${id} ${finding.subject}` : id))
      .find(c => c !== undefined)
    // What the runner met is one problem of its own (one fix, src/checks/shared/runner-side.ts), neither cause nor follower.
    if (cause && !runnerSide(cause) && !runnerSide(finding)) causeOf.set(finding, cause)
  }
  // A chain (a Frontend API without a certificate that CAA blocks) is shown under its first cause.
  const rootOf = (finding: CheckResult): CheckResult => {
    let at = finding
    for (let depth = 0; depth < FOLLOWS.length && causeOf.has(at); depth++) at = causeOf.get(at) as CheckResult
    return at
  }
  const roots = open.filter(f => rootOf(f) === f)
  const problems = group(roots)
  const problemOf = new Map<CheckResult, Problem>()
  for (const problem of problems) for (const f of problem.findings) problemOf.set(f, problem)
  const followersOf = new Map<Problem, CheckResult[]>()
  for (const finding of open.filter(f => rootOf(f) !== f)) {
    const cause = problemOf.get(rootOf(finding)) as Problem
    const followers = followersOf.get(cause)
    if (followers) followers.push(finding)
    else followersOf.set(cause, [finding])
  }
  for (const [cause, followers] of followersOf) {
    cause.followers = group(followers).map(f => ({
      ...f,
      fixedWithCause: f.ids.every(id => FOLLOWS.find(r => r.id === id)?.sameFix),
    }))
  }
  problems.sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status])

  const records = new Map<string, Set<CheckId>>()
  for (const finding of open) {
    for (const value of codeSpans(finding.fix ?? '')) {
      if (ZONE_RECORD.test(value)) records.set(value, (records.get(value) ?? new Set()).add(finding.id))
    }
  }
  return {
    report,
    problems,
    records: [...records].map(([text, ids]) => ({ text, ids: [...ids] })),
    quiet: bySeverity(report.checks.filter(c => c.status === 'pass' || c.status === 'skip')),
  }
}

/**
 * Findings with the same fix are one problem; without a fix, those of one check that say the same but for their
 * subject (a lookup that timed out for each record).
 */
function group(findings: CheckResult[]): Problem[] {
  const groups = new Map<string, CheckResult[]>()
  for (const f of findings) {
    const key =
      f.id === 'auth.authorized-parties' && correctedParties(f) !== undefined
        ? 'authorizedParties'
        : f.fix
          ? `fix ${f.fix}`
          : `${f.id} ${f.status} ${shapeOf(f)}`
    const members = groups.get(key)
    if (members) members.push(f)
    else groups.set(key, [f])
  }
  // The corrected list is in one finding of the list; the others of that list share its fix.
  const list = groups.get('authorizedParties')
  if (list) {
    for (const [key, members] of groups) {
      if (
        key !== 'authorizedParties' &&
        members.every(m => m.id === 'auth.authorized-parties' && m.status !== 'warn')
      ) {
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
  const parties = findings.map(correctedParties).find(list => list !== undefined)
  // With no origin known the check's own fix says what to pass; a list is worth a block.
  if (parties && parties.length > 0) {
    problem.fix =
      'Pass this list to `clerkMiddleware()` / `authenticateRequest()`, and the same list as the `authorized-parties` input:'
    problem.block = {
      language: 'js',
      text: `authorizedParties: [\n${parties.map(p => `  ${JSON.stringify(p)},`).join('\n')}\n]`,
    }
  }
  const csp = first.id === 'csp' ? correctedPolicies(first.evidence) : undefined
  if (csp && csp.length > 0) {
    problem.fix = `Deploy ${csp.length === 1 ? 'this policy' : 'these policies'}: the deployed one with what Clerk needs added, directive by directive. One directive a line; joined by spaces, the lines are the \`Content-Security-Policy\` value${csp.length === 1 ? '' : '; a blank line parts two policies (one header joins them with a comma)'}.`
    problem.block = { language: '', text: csp.map(policy => policy.map(d => `${d};`).join('\n')).join('\n\n') }
  }
  return problem
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

/** The whole corrected authorizedParties list, as auth.authorized-parties gives it in one fix. */
function correctedParties(finding: CheckResult): string[] | undefined {
  if (finding.id !== 'auth.authorized-parties') return undefined
  const span = codeSpans(finding.fix ?? '').find(s => s.startsWith('authorizedParties: ['))
  if (!span) return undefined
  try {
    const list: unknown = JSON.parse(span.slice('authorizedParties: '.length))
    return Array.isArray(list) && list.every(x => typeof x === 'string') ? list : undefined
  } catch {
    return undefined
  }
}

interface MissingSource {
  directive: string
  governedBy: string
  source: string
}

/**
 * The deployed policies with what csp found missing merged in: a source is added to its directive; a directive the
 * policy lacks is added with its fallback's sources (what the fallback allowed stays allowed) and the new one. Read
 * from the csp check's evidence (the policies as delivered, what is missing). Each policy that changes, as its
 * directives.
 */
export function correctedPolicies(evidence: Record<string, unknown> | undefined): string[][] | undefined {
  const policies = evidence?.policies
  const missing = evidence?.missing
  if (!Array.isArray(policies) || !Array.isArray(missing)) return undefined
  const needed = missing.filter(
    (m): m is MissingSource =>
      typeof m === 'object' &&
      m !== null &&
      typeof (m as MissingSource).directive === 'string' &&
      typeof (m as MissingSource).governedBy === 'string' &&
      typeof (m as MissingSource).source === 'string',
  )
  return policies.flatMap(policy => {
    if (typeof policy?.text !== 'string') return []
    // A header may hold several policies, separated by commas; a meta element holds one.
    const texts: string[] = policy.from === 'header' ? policy.text.split(',') : [policy.text]
    const merged = texts.map(text => mergePolicy(text, needed))
    // A header's policies go together: when one changes, the value holds them all.
    return merged.some(m => m.changed) ? merged.map(m => m.directives) : []
  })
}

function mergePolicy(text: string, needed: MissingSource[]): { directives: string[]; changed: boolean } {
  const directives = text
    .split(';')
    .map(d => d.trim().split(/[\t\n\f\r ]+/))
    .filter(tokens => tokens[0] !== '')
  const find = (name: string) => directives.find(d => d[0]?.toLowerCase() === name)
  let changed = false
  for (const m of needed) {
    const own = find(m.directive)
    if (own) {
      if (own.slice(1).includes(m.source)) continue
      own.splice(1, own.length, ...own.slice(1).filter(s => s.toLowerCase() !== "'none'"), m.source)
      changed = true
      continue
    }
    const fallback = find(m.governedBy)
    if (!fallback) continue // what another policy of the page lacks
    // Beside a nonce or hash 'unsafe-inline' is ignored, and style attributes cannot carry one.
    const inline = m.source === "'unsafe-inline'"
    const kept = fallback
      .slice(1)
      .filter(s => s.toLowerCase() !== "'none'" && !(inline && /^'(nonce|sha256|sha384|sha512)-/i.test(s)))
    directives.push([m.directive, ...kept, m.source])
    changed = true
  }
  return { directives: directives.map(d => d.join(' ')), changed }
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
 * The verdict in words, naming what failed: "production is not ready: 8 problems (keys.secret, dns.caa, …)". The
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
