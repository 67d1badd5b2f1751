import { countsLine } from '../render/summary.js'
import { present, verdictText, type Message, type Problem } from '../render/presentation.js'
import type { CheckResult, Report, Status } from '../report/model.js'

/**
 * The report for a terminal or a build log, told as the job summary tells it: the verdict, each problem with its fix
 * under it and what follows from it beneath, the DNS records to paste, then what passed or was skipped. Colour only
 * when asked for (a terminal, FORCE_COLOR); outside data never carries a control character to the terminal.
 */

export interface Style {
  status(status: Status | Report['status'], text: string): string
  bold(text: string): string
  dim(text: string): string
  code(text: string): string
  /** A line of a block to copy whole (a list, a policy, a DNS record). */
  copy(text: string): string
}

const SGR = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`
const STATUS_SGR: Record<Status, (text: string) => string> = {
  pass: SGR(32, 39),
  warn: SGR(33, 39),
  fail: SGR(31, 39),
  error: SGR(35, 39),
  skip: SGR(90, 39),
}

export const COLOUR: Style = {
  status: (status, text) => STATUS_SGR[status](text),
  bold: SGR(1, 22),
  dim: SGR(2, 22),
  code: SGR(36, 39),
  copy: SGR(36, 39),
}

/** Backticks stay, marking what to copy, where there is no colour to do it. */
export const PLAIN: Style = {
  status: (_, text) => text,
  bold: t => t,
  dim: t => t,
  code: t => `\`${t}\``,
  copy: t => t,
}

/** NO_COLOR (no-color.org) wins; FORCE_COLOR turns colour on where the stream is not a terminal. */
export function styleFor(isTTY: boolean, env: Record<string, string | undefined>): Style {
  if (env.NO_COLOR) return PLAIN
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return COLOUR
  return isTTY && env.TERM !== 'dumb' ? COLOUR : PLAIN
}

/** One line of outside data: line breaks shown, and no escape sequence or other control character reaching a terminal. */
export function safeText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ⏎ ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '�')
}

/** Prose whose `backticked` values are to copy: those styled as code. */
function prose(text: string, style: Style): string {
  return safeText(text)
    .split(/`([^`]+)`/)
    .map((part, i) => (i % 2 === 1 ? style.code(part) : part))
    .join('')
}

const LABEL: Record<Status, string> = { fail: 'FAIL ', error: 'ERROR', warn: 'WARN ', pass: 'PASS ', skip: 'SKIP ' }

function problemLines(problem: Problem, style: Style, indent = ''): string[] {
  const subjects = problem.subjects.slice(0, 3).map(safeText).join(', ')
  const more = problem.subjects.length > 3 ? ` and ${problem.subjects.length - 3} more` : ''
  const lines = [
    `${indent}${style.status(problem.status, LABEL[problem.status])} ${style.bold(problem.ids.join(', '))}${subjects ? ` · ${subjects}${more}` : ''}`,
    ...problem.messages.map((m: Message) => {
      const likewise = m.likewise.length > 0 ? `; likewise ${m.likewise.map(safeText).join(', ')}` : ''
      return `${indent}      ${prose(m.text, style)}${likewise}`
    }),
  ]
  if (problem.fix && !problem.fixedWithCause) lines.push(`${indent}      Fix: ${prose(problem.fix, style)}`)
  if (problem.block) {
    for (const line of problem.block.text.split('\n')) lines.push(`${indent}        ${style.copy(safeText(line))}`)
  }
  for (const follower of problem.followers) {
    lines.push(`${indent}      ↳ follows from it${follower.fixedWithCause ? ', and is fixed with it' : ''}:`)
    lines.push(...problemLines(follower, style, `${indent}        `))
  }
  return lines
}

function quietLine(c: CheckResult, style: Style): string {
  const subject = c.subject !== '—' ? ` · ${safeText(c.subject)}` : ''
  return style.dim(`${LABEL[c.status]} ${c.id}${subject}: ${safeText(c.message)}`)
}

/** The whole text: `head` lines (what the build's variables were) under the verdict. */
export function renderText(report: Report, style: Style, head: readonly string[] = []): string {
  const presentation = present(report)
  const env = report.environment
  const phase = env.phase === 'before-deploy' ? ', judged before the deploy (the live app is the previous release)' : ''
  const lines = [
    style.bold(style.status(report.status, safeText(verdictText(presentation)))),
    env.instanceType
      ? `Environment ${safeText(env.name)} (from ${env.source}), ${env.instanceType} instance${phase} · ${countsLine(report)} · ${report.durationMs} ms`
      : `Environment unknown · ${countsLine(report)}`,
    ...head.map(safeText),
  ]
  for (const problem of presentation.problems) lines.push('', ...problemLines(problem, style))
  if (presentation.records.length > 0) {
    lines.push('', style.bold('DNS records to add or change (zone-file form):'))
    for (const record of presentation.records) {
      lines.push(style.dim(`  ; ${record.ids.join(', ')}`), `  ${style.copy(safeText(record.text))}`)
    }
  }
  if (presentation.quiet.length > 0) {
    lines.push('', ...presentation.quiet.map(c => quietLine(c, style)))
  }
  return `${lines.join('\n')}\n`
}
