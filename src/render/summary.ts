import { ruleUrl } from './doc-links.js'
import { code, escapeHtml, fenced, inline } from './markdown.js'
import {
  MESSAGES_LISTED,
  plural,
  present,
  verdictParts,
  type Message,
  type Presentation,
  type Problem,
} from './presentation.js'
import type { CheckResult, Report, Status } from '../report/model.js'

export { bySeverity } from './presentation.js'

export const STATUS_ICON: Record<Status | Report['status'], string> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  error: '⛔',
  skip: '⏭️',
}

/** What the renderers say besides the report: who overrode the gate, and what could not be published. */
export interface RenderContext {
  overriddenBy?: string
  /** Who applied the override label (a GitHub login), when it could be told. */
  overrideAppliedBy?: string
  runUrl?: string
  notes?: string[]
  /** The checks reference (docs/checks.md) of the action that ran, each finding's id linking its section there. */
  checksDoc?: string
}

/** What could not be done (published, asked of GitHub), each as a warning block. */
export function noteLines(notes: readonly string[]): string[] {
  return notes.map(note => `\n> [!WARNING]\n> ${inline(note)}`)
}

/** The one line a human reads first: what failed, by check. An override is said plainly and never shown as a pass. */
export function verdictLine(presentation: Presentation, context: RenderContext = {}): string {
  const report = presentation.report
  const { state, count, ids } = verdictParts(presentation)
  const named = ids.length > 0 ? ` (${ids.map(id => (id === '…' ? id : code(id))).join(', ')})` : ''
  const line = `${STATUS_ICON[report.status]} Clerk preflight: **${inline(report.environment.name)}** ${state}${count ? ` ${count}${named}` : ''}`
  // The login in a code span: said, never a mention that notifies its owner.
  const by = context.overrideAppliedBy
    ? `, applied by ${code(context.overrideAppliedBy)}`
    : ' (who applied it could not be told)'
  return context.overriddenBy && report.status !== 'pass'
    ? `${line}; overridden by label ${code(context.overriddenBy)}${by}: the gate does not block`
    : line
}

export function countsLine(report: Report): string {
  const c = report.counts
  return (['fail', 'error', 'warn', 'pass', 'skip'] as const)
    .filter(s => c[s] > 0 || s === 'fail')
    .map(s => `${c[s]} ${s}`)
    .join(' · ')
}

export function environmentLine(report: Report): string {
  const env = report.environment
  return env.instanceType
    ? `Environment ${code(env.name)} (from ${env.source}), ${env.instanceType} instance${PHASE_TEXT[env.phase ?? 'after-deploy']} · findings: ${countsLine(report)} · ${report.durationMs} ms`
    : `Environment unknown · findings: ${countsLine(report)}`
}

/** Which release the app-side checks judged: before the deploy, the live one is the previous release. */
const PHASE_TEXT = {
  'before-deploy': ", judged before the deploy (the live app's findings are at most warnings)",
  'after-deploy': '',
} as const

/** GitHub drops a step summary over 1 MiB: this leaves room for what other steps write (bytes). */
export const SUMMARY_LIMIT = 1_000_000

/** What a check run's output summary may hold (characters). */
export const CHECK_RUN_SUMMARY_LIMIT = 65_535

/** Messages of one problem shown before the rest are folded. */
const MESSAGES_OPEN = 5

/** A problem's subjects named in its heading; the messages name them all. */
const SUBJECTS_NAMED = 3

/**
 * The job summary (and the check run's): the verdict naming what failed, each problem with its fix under it, the DNS
 * records to paste, and what passed or was skipped folded away, as in the pull-request comment.
 */
export function renderSummary(report: Report, context: RenderContext = {}, limit = SUMMARY_LIMIT): string {
  const presentation = present(report)
  const head = [
    `## ${verdictLine(presentation, context)}`,
    '',
    environmentLine(report),
    ...noteLines(context.notes ?? []),
  ]
  return `${renderPresentation(head.join('\n'), presentation, 3, limit, 'here: see the JSON report (the report-file output)', context.checksDoc)}\n`
}

/** The first subjects, each as `format` gives it, and how many more: "a, b and c", "a, b, c and 97 more". */
function subjectsText(subjects: string[], format: (subject: string) => string = s => inline(s)): string {
  const named = subjects.slice(0, SUBJECTS_NAMED).map(format)
  const more = subjects.length - named.length
  if (more > 0) return `${named.join(', ')} and ${more} more`
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? '')
}

/** A check's id, linking its rule (docs/checks.md). */
function idLink(id: string, checksDoc: string | undefined): string {
  return `[${code(id)}](${ruleUrl(id, checksDoc)})`
}

/** Status, checks (each linking its rule) and subjects: the line a reader scans. */
function title(problem: Problem, checksDoc: string | undefined): string {
  const where = subjectsText(problem.subjects)
  return `${STATUS_ICON[problem.status]} ${problem.ids.map(id => idLink(id, checksDoc)).join(', ')}${where ? ` · ${where}` : ''}`
}

/** A message, and the subjects of which the same is said. */
function messageText(message: Message): string {
  const others = message.likewise
  const likewise =
    others.length === 0
      ? ''
      : others.length <= 2
        ? `; likewise ${others.map(s => inline(s)).join(' and ')}`
        : `; likewise the other ${others.length}`
  return `${inline(message.text)}${likewise}`
}

function whatLines(problem: Problem, compact: boolean): string[] {
  if (problem.messages.length === 1) return [messageText(problem.messages[0] as Message)]
  const item = (m: Message) => `- ${messageText(m)}`
  const listed = problem.messages.slice(0, compact ? MESSAGES_OPEN : MESSAGES_LISTED)
  const folded = listed.slice(MESSAGES_OPEN)
  const unlisted = problem.messages.length - listed.length
  return [
    ...listed.slice(0, MESSAGES_OPEN).map(item),
    ...(folded.length > 0
      ? ['', `<details><summary>${folded.length} more</summary>`, '', ...folded.map(item), '', '</details>']
      : []),
    ...(unlisted > 0 ? ['', `*${unlisted} more: see the JSON report.*`] : []),
  ]
}

/** One problem: the title, what is wrong, the fix right under it with its block to copy, then what follows from it. */
function problemMarkdown(problem: Problem, level: number, compact: boolean, checksDoc?: string): string {
  const lines = [`${'#'.repeat(level)} ${title(problem, checksDoc)}`, '', ...whatLines(problem, compact)]
  if (problem.fix) lines.push('', `**Fix:** ${inline(problem.fix)}`)
  if (problem.block) {
    lines.push(
      '',
      compact
        ? '*The block to copy is too long for here: see the job summary.*'
        : fenced(problem.block.text, problem.block.language),
    )
  }
  // What follows from it is folded: the reader fixes the cause first.
  for (const follower of problem.followers) {
    // Raw HTML, where Markdown is not read: outside data escaped, in code (GitHub links and mentions no code).
    const subjects = subjectsText(follower.subjects, s => `<code>${escapeHtml(s)}</code>`)
    const where = subjects ? ` on ${subjects}` : ''
    const ids = follower.ids
      .map(id => `<a href="${escapeHtml(ruleUrl(id, checksDoc))}"><code>${id}</code></a>`)
      .join(', ')
    lines.push(
      '',
      `<details><summary>${STATUS_ICON[follower.status]} Follows from it${follower.fixedWithCause ? ', and is fixed with it' : ''}: ${ids}${where}</summary>`,
      '',
      ...whatLines(follower, true),
      ...(follower.fix && !follower.fixedWithCause ? ['', `**Then:** ${inline(follower.fix)}`] : []),
      '',
      '</details>',
    )
  }
  return lines.join('\n')
}

function recordsMarkdown(presentation: Presentation, level: number): string {
  const zone = presentation.recordsBlock
  if (!zone) return ''
  return [
    `${'#'.repeat(level)} DNS records to add or change`,
    '',
    'All of them in zone-file form, as DNS providers import it (each is also under its problem above):',
    '',
    fenced(zone.text, zone.language),
  ].join('\n')
}

function quietLine(c: CheckResult, checksDoc: string | undefined): string {
  const subject = c.subject !== '—' ? ` · ${inline(c.subject)}` : ''
  return `- ${STATUS_ICON[c.status]} ${idLink(c.id, checksDoc)}${subject}: ${inline(c.message)}`
}

/**
 * The head, then the problems while they fit in `limit` bytes (bytes bound characters too), a problem too large shown
 * without its long lists, then the DNS records and what passed; what was left out is counted, with where it is.
 * GitHub refuses or drops what is larger.
 */
export function renderPresentation(
  head: string,
  presentation: Presentation,
  level: number,
  limit: number,
  whereLeftOut: string,
  checksDoc?: string,
): string {
  const budget = limit - 400
  // The head holds outside data too (a deployment's environment name, GitHub's answers in notes): cut to fit.
  let body =
    Buffer.byteLength(head) > budget - 400
      ? `${Buffer.from(head)
          .subarray(0, budget - 400)
          .toString()}…\n\n*The head was cut to fit.*`
      : head
  const fits = (text: string) => Buffer.byteLength(body) + Buffer.byteLength(text) + 2 <= budget
  let problemsLeft = 0
  for (const problem of presentation.problems) {
    const full = problemMarkdown(problem, level, false, checksDoc)
    const chunk = fits(full) ? full : problemMarkdown(problem, level, true, checksDoc)
    if (problemsLeft === 0 && fits(chunk)) body += `\n\n${chunk}`
    else problemsLeft++
  }
  const records = recordsMarkdown(presentation, level)
  if (records && problemsLeft === 0 && fits(records)) body += `\n\n${records}`
  let quietLeft = 0
  const quiet = presentation.quiet
  if (quiet.length > 0) {
    const counts = presentation.report.counts
    const what = [counts.pass > 0 ? `${counts.pass} passed` : '', counts.skip > 0 ? `${counts.skip} skipped` : '']
    const opening = `<details><summary>${what.filter(Boolean).join(', ')}</summary>\n`
    if (fits(opening)) {
      body += `\n\n${opening}`
      for (const c of quiet) {
        const line = quietLine(c, checksDoc)
        if (quietLeft === 0 && fits(line)) body += `\n${line}`
        else quietLeft++
      }
      body += '\n\n</details>'
    } else quietLeft = quiet.length
  }
  if (problemsLeft > 0) body += `\n\n*${plural(problemsLeft, 'more problem')} did not fit ${whereLeftOut}.*`
  if (quietLeft > 0) body += `\n\n*${quietLeft} more passing or skipped did not fit ${whereLeftOut}.*`
  return body
}
