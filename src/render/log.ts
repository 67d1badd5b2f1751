import type { CheckResult } from '../report/model.js'
import { bySeverity, type Message, type Presentation, type Problem } from './presentation.js'

/**
 * One line of the log, safe to print: the runner reads any line that starts with `::` (or `##[`), after leading
 * blanks, as a workflow command, so a newline in outside data (a file name, a list entry, a config key) could start
 * one of its own, `::stop-commands::` silencing every annotation after it. Line breaks become a visible mark, and a
 * line that would still read as a command is shifted.
 */
export function logLine(text: string): string {
  const line = oneLine(text)
  return /^\s*(::|##\[)/.test(line) ? `» ${line}` : line
}

function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ⏎ ')
}

/**
 * A problem as the log and the annotations tell it: one line, in the order of the comment. What follows from it is
 * named inside it, never told on its own; its block to copy stays in the job summary.
 */
export interface ProblemLine {
  level: 'error' | 'warning'
  /** The checks and subjects: its ids, then its subjects (`<id>: a.example.com and b.example.com`). */
  title: string
  /** What is wrong, the fix, and what follows from it, on one line. */
  text: string
  /** The finding an annotation points from (a configuration finding points at the file's line). */
  finding: CheckResult
}

/** Messages of one problem said in its line; the summary has them all. */
const MESSAGES_SAID = 3
/** A line longer than this is cut: a log line is read, not searched. */
export const LINE_LIMIT = 4000

export function problemLines(presentation: Presentation): ProblemLine[] {
  return presentation.problems.map(problem => ({
    level: problem.status === 'warn' ? 'warning' : 'error',
    title: oneLine(problemTitle(problem)),
    text: cut(oneLine(problemText(problem))),
    finding: problem.findings[0] as CheckResult,
  }))
}

function problemTitle(problem: Problem): string {
  const named = problem.subjects.slice(0, MESSAGES_SAID)
  const more = problem.subjects.length - named.length
  const subjects =
    more > 0
      ? `${named.join(', ')} and ${more} more`
      : named.length > 1
        ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`
        : (named[0] ?? '')
  return `${problem.ids.join(', ')}${subjects ? `: ${subjects}` : ''}`
}

function messageText(message: Message): string {
  const others = message.likewise
  if (others.length === 0) return message.text
  return `${message.text}; likewise ${others.length <= 2 ? others.join(' and ') : `the other ${others.length}`}`
}

function problemText(problem: Problem): string {
  const said = problem.messages.slice(0, MESSAGES_SAID).map(messageText)
  const unsaid = problem.messages.length - said.length
  const parts = [sentence(`${said.join('; ')}${unsaid > 0 ? `; and ${unsaid} more` : ''}`)]
  if (problem.fix)
    parts.push(sentence(`Fix: ${problem.block ? problem.fix.replace(/[.:]$/, '') : problem.fix}${blockText(problem)}`))
  for (const follower of problem.followers) {
    const on = follower.subjects.length > 0 ? ` on ${follower.subjects.slice(0, MESSAGES_SAID).join(', ')}` : ''
    const more = follower.subjects.length > MESSAGES_SAID ? ' and more' : ''
    parts.push(
      `Follows from it${follower.fixedWithCause ? ', and is fixed with it' : ''}: ${follower.ids.join(', ')}${on}${more}.`,
    )
  }
  return parts.join(' ')
}

/** A short block to copy on the fix's line (a list, a policy: one line still reads as code); a long one is left out. */
function blockText(problem: Problem): string {
  if (!problem.block) return ''
  const text = problem.block.text
    .split(/\r?\n/)
    .map(l => l.trim())
    .join(' ')
  return text.length <= BLOCK_SAID ? `: ${text}` : ' (the block to copy is in the job summary)'
}

/** A block longer than this is not repeated on a log line. */
const BLOCK_SAID = 600

/** Ends a sentence that does not end already. */
function sentence(text: string): string {
  return /[.!?…:;]$/.test(text) ? text : `${text}.`
}

function cut(text: string): string {
  return text.length > LINE_LIMIT ? `${text.slice(0, LINE_LIMIT)}… (the job summary has it whole)` : text
}

/** Every finding, one line each, for step debug logging: the summary and the report are where they are read. */
export function findingLines(presentation: Presentation): string[] {
  return bySeverity(presentation.report.checks).map(c =>
    logLine(`${c.status.toUpperCase().padEnd(5)} ${c.id} [${c.subject}] ${c.message}`),
  )
}
