import { ruleUrl } from './doc-links.js'
import { code, escapeHtml, fenced, inline } from './markdown.js'
import {
  MESSAGES_LISTED,
  plural,
  present,
  tally,
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

/** Which environment and instance were judged, and the findings' counts; `brief` (the comment) without the time. */
export function environmentLine(report: Report, brief = false): string {
  const env = report.environment
  if (!env.instanceType) return `Environment unknown · findings: ${countsLine(report)}`
  const phase = PHASE_TEXT[env.phase ?? 'after-deploy']
  return brief
    ? `${code(env.name)} from ${env.source}, ${env.instanceType} instance${phase} · ${countsLine(report)}`
    : `Environment ${code(env.name)} (from ${env.source}), ${env.instanceType} instance${phase} · findings: ${countsLine(report)} · ${report.durationMs} ms`
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
  const layout: Layout = {
    style: 'full',
    level: 3,
    limit,
    whereLeftOut: 'here: see the JSON report (the report-file output)',
    checksDoc: context.checksDoc,
  }
  return `${renderPresentation(head.join('\n'), presentation, layout)}\n`
}

/** The first subjects, each as `format` gives it, and how many more: "a, b and c", "a, b, c and 97 more". */
function subjectsText(subjects: string[], format: (subject: string) => string = s => inline(s)): string {
  const named = subjects.slice(0, SUBJECTS_NAMED).map(format)
  const more = subjects.length - named.length
  if (more > 0) return `${named.join(', ')} and ${more} more`
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? '')
}

/**
 * Between a title and what is said after it on the same line. A title ends in code as often as not (the check's id,
 * a URL as its subject), and GitHub pads inline code (.2em .4em in its stylesheet): a colon right after it reads
 * as if spaced before it ("id :"). A dash spaced on both sides reads the same whatever the title ends in.
 */
const AFTER_TITLE = ' — '

/** A check's id, linking its rule (docs/checks.md). */
function idLink(id: string, checksDoc: string | undefined): string {
  return `[${code(id)}](${ruleUrl(id, checksDoc)})`
}

/** The same in raw HTML, where Markdown is not read (a `<summary>`). */
function idLinkHtml(id: string, checksDoc: string | undefined): string {
  return `<a href="${escapeHtml(ruleUrl(id, checksDoc))}"><code>${escapeHtml(id)}</code></a>`
}

/**
 * Status, checks (each linking its rule) and subjects: the line a reader scans. `brief`: without subjects that what
 * follows names anyway.
 */
function title(problem: Problem, checksDoc: string | undefined, brief = false): string {
  const where = brief && subjectsSaid(problem) ? '' : subjectsText(problem.subjects)
  return `${STATUS_ICON[problem.status]} ${problem.ids.map(id => idLink(id, checksDoc)).join(', ')}${where ? ` · ${where}` : ''}`
}

/** A subject longer than this is named in the title whatever the messages say (the search stays cheap). */
const SUBJECT_SEARCHED = 256

/** Whether the messages, said on the title's line, name every subject of the problem. */
function subjectsSaid(problem: Problem): boolean {
  return problem.subjects.every(
    subject =>
      subject.length <= SUBJECT_SEARCHED &&
      problem.messages.some(m => m.likewise.includes(subject) || m.text.slice(0, 64 * 1024).includes(subject)),
  )
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
  return [...lines, ...blockAndFollowers(problem, compact, checksDoc)].join('\n')
}

/** Messages of one problem said on its line in the comment; more are a list. */
const MESSAGES_ON_A_LINE = 3

/**
 * One problem in the pull-request comment, where a reviewer reads it: one paragraph, the title in bold and what is
 * wrong, then the fix, then a line for each problem that follows from it (the job summary tells those in full), then
 * the block to copy. A heading and a paragraph each cost a reader far more space.
 */
function briefProblemMarkdown(problem: Problem, compact: boolean, checksDoc?: string): string {
  const oneLine = problem.messages.length <= MESSAGES_ON_A_LINE
  const fix = problem.fix ? `**Fix:** ${inline(problem.fix)}` : ''
  const followers = problem.followers.map(follower => {
    const where = follower.subjects.length > 0 ? ` on ${subjectsText(follower.subjects)}` : ''
    const ids = follower.ids.map(id => idLink(id, checksDoc)).join(', ')
    return `↳ ${STATUS_ICON[follower.status]} ${ids}${where} follows from it${follower.fixedWithCause ? ', and is fixed with it' : ''}`
  })
  const what = oneLine
    ? [
        `**${title(problem, checksDoc, true)}**${AFTER_TITLE}${sentence(problem.messages.map(messageText).join('; '))}${fix ? ` ${fix}` : ''}`,
      ]
    : [`**${title(problem, checksDoc)}**`, '', ...whatLines(problem, compact), ...(fix ? ['', fix] : [])]
  const last = [what.pop() ?? '', ...followers].join('<br>\n')
  return [...what, last, ...blockAndFollowers({ ...problem, followers: [] }, compact, checksDoc)].join('\n')
}

/** Ends a sentence that does not end already, before what follows it on the line. */
function sentence(text: string): string {
  return /[.!?…:]$/.test(text) ? text : `${text}.`
}

/** The block to copy, then what follows from the problem, folded: the reader fixes the cause first. */
function blockAndFollowers(problem: Problem, compact: boolean, checksDoc?: string): string[] {
  const lines: string[] = []
  if (problem.block) {
    lines.push(
      '',
      compact
        ? '*The block to copy is too long for here: see the job summary.*'
        : fenced(problem.block.text, problem.block.language),
    )
  }
  for (const follower of problem.followers) {
    // Raw HTML, where Markdown is not read: outside data escaped, in code (GitHub links and mentions no code).
    const subjects = subjectsText(follower.subjects, s => `<code>${escapeHtml(s)}</code>`)
    const where = subjects ? ` on ${subjects}` : ''
    const ids = follower.ids.map(id => idLinkHtml(id, checksDoc)).join(', ')
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
  return lines
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
  return `- ${STATUS_ICON[c.status]} ${idLink(c.id, checksDoc)}${subject}${AFTER_TITLE}${inline(c.message)}`
}

/**
 * How a presentation is laid out. `full` (the job summary, the check run): each problem under a heading, then the DNS
 * records to paste and what passed or was skipped, folded. `brief` (the pull-request comment): each problem in one
 * paragraph, the warnings folded when something fails, and neither the records (each is in its problem's fix) nor what
 * passed (the environment line counts it, the run has it): a reviewer reads only what needs them.
 */
export interface Layout {
  style: 'full' | 'brief'
  /** The level of a problem's heading (full). */
  level: number
  limit: number
  whereLeftOut: string
  /** The checks reference (docs/checks.md) each id links. */
  checksDoc?: string
}

/**
 * The head, then the problems while they fit in `limit` bytes (bytes bound characters too), a problem too large shown
 * without its long lists, then the DNS records and what passed; what was left out is counted, with where it is.
 * GitHub refuses or drops what is larger.
 */
export function renderPresentation(head: string, presentation: Presentation, layout: Layout): string {
  const budget = layout.limit - 400
  // The head holds outside data too (a deployment's environment name, GitHub's answers in notes): cut to fit.
  const body = new Body(
    Buffer.byteLength(head) > budget - 400
      ? `${Buffer.from(head)
          .subarray(0, budget - 400)
          .toString()}…\n\n*The head was cut to fit.*`
      : head,
    budget,
  )
  const brief = layout.style === 'brief'
  const { failing: fails, warnings } = tally(presentation)
  const folded = brief && fails.length > 0 ? warnings : []
  const shown = folded.length > 0 ? fails : presentation.problems
  const problem = (p: Problem, compact: boolean) =>
    brief
      ? briefProblemMarkdown(p, compact, layout.checksDoc)
      : problemMarkdown(p, layout.level, compact, layout.checksDoc)
  let problemsLeft = 0
  for (const p of shown) problemsLeft += body.addFirstFitting(problem(p, false), () => problem(p, true), problemsLeft)
  if (folded.length > 0) {
    const ids = [...new Set(folded.flatMap(p => p.ids))].map(id => `<code>${id}</code>`).join(', ')
    const opening = `<details><summary>${STATUS_ICON.warn} ${plural(folded.length, 'warning')}: ${ids}</summary>\n`
    if (problemsLeft === 0 && body.fits(opening)) {
      body.add(opening)
      for (const p of folded)
        problemsLeft += body.addFirstFitting(problem(p, false), () => problem(p, true), problemsLeft)
      body.add('</details>')
    } else problemsLeft += folded.length
  }
  const records = brief ? '' : recordsMarkdown(presentation, layout.level)
  if (records && problemsLeft === 0 && body.fits(records)) body.add(records)
  const quietLeft = brief ? 0 : addQuiet(body, presentation, layout.checksDoc)
  let text = body.text
  if (problemsLeft > 0) text += `\n\n*${plural(problemsLeft, 'more problem')} did not fit ${layout.whereLeftOut}.*`
  if (quietLeft > 0) text += `\n\n*${quietLeft} more passing or skipped did not fit ${layout.whereLeftOut}.*`
  return text
}

/** Markdown blocks added while they fit a byte budget. */
class Body {
  /** The text's length in bytes, kept as it grows: measuring the whole text at every line made a large run quadratic. */
  private bytes: number

  constructor(
    private body: string,
    private readonly budget: number,
  ) {
    this.bytes = Buffer.byteLength(body)
  }

  get text(): string {
    return this.body
  }

  fits(chunk: string): boolean {
    return this.bytes + Buffer.byteLength(chunk) + 2 <= this.budget
  }

  add(chunk: string, separator = '\n\n'): void {
    this.body += `${separator}${chunk}`
    this.bytes += Buffer.byteLength(separator) + Buffer.byteLength(chunk)
  }

  /**
   * The full form when it fits, else the compact one (made only then), unless something was left out before (order is
   * kept): 0, else 1 (left out).
   */
  addFirstFitting(full: string, compact: () => string, leftBefore: number): number {
    if (leftBefore > 0) return 1
    const chunk = this.fits(full) ? full : compact()
    if (this.fits(chunk)) {
      this.add(chunk)
      return 0
    }
    return 1
  }
}

/** What passed or was skipped, folded, one line each while they fit; how many did not. */
function addQuiet(body: Body, presentation: Presentation, checksDoc: string | undefined): number {
  const quiet = presentation.quiet
  if (quiet.length === 0) return 0
  const counts = presentation.report.counts
  const what = [counts.pass > 0 ? `${counts.pass} passed` : '', counts.skip > 0 ? `${counts.skip} skipped` : '']
  const opening = `<details><summary>${what.filter(Boolean).join(', ')}</summary>\n`
  if (!body.fits(opening)) return quiet.length
  body.add(opening)
  let left = 0
  for (const c of quiet) {
    const line = quietLine(c, checksDoc)
    if (left === 0 && body.fits(line)) body.add(line, '\n')
    else left++
  }
  body.add('</details>')
  return left
}
