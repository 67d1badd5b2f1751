import { annotate, ANNOTATIONS_PER_LEVEL } from '../src/github/annotations.js'
import { Output } from '../src/output.js'
import { problemLines } from '../src/render/log.js'
import { present } from '../src/render/presentation.js'
import { buildReport } from '../src/report/build.js'
import type { CheckResult } from '../src/report/model.js'
import { asShownOnGitHub } from '../test-support/github-log.js'

// One annotation and one log line per problem, in the order of the comment (issue 32): what the runner shows of a
// step is its first ten error and ten warning annotations, so each of them must be a problem of its own.

function finding(i: number, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id: 'dns.cname',
    subject: `h${i}.example.com`,
    status,
    title: 'The CNAME records',
    message: `h${i}.example.com has no CNAME`,
    fix: `Add: \`h${i}.example.com. CNAME frontend-api.clerk.services.\``,
    ...extra,
  }
}

/** What the action writes to its log while `write` runs with an Output. */
function logOf(write: (output: Output) => void): string {
  const lines: string[] = []
  write(new Output([], { log: { line: text => lines.push(`${text}\n`) } }))
  return lines.join('')
}

const report = (checks: CheckResult[]) =>
  buildReport({ name: 'production', instanceType: 'production', source: 'input', phase: 'after-deploy' }, checks, 1)

describe('annotations', () => {
  it('are the problems: what follows from a cause is named inside it, findings of one fix are one', () => {
    const presentation = present(
      report([
        { ...finding(1, 'fail'), id: 'dns.proxy' },
        // Follows from the proxied record, fixed with it, as dns.cname declares it.
        finding(1, 'fail', { followsFrom: [{ id: 'dns.proxy', subject: 'h1.example.com', fixedWithIt: true }] }),
        // Two hosts, one fix: one problem.
        { ...finding(2, 'fail'), fix: 'Add: `example.com. CAA 0 issue "pki.goog"`', id: 'dns.caa' },
        { ...finding(3, 'fail'), fix: 'Add: `example.com. CAA 0 issue "pki.goog"`', id: 'dns.caa' },
        finding(4, 'warn'),
        finding(5, 'pass'),
      ]),
    )
    const view = asShownOnGitHub(
      logOf(output => annotate(output, problemLines(presentation), '.github/clerk-preflight.yml')),
    )
    expect(view.annotations).toHaveLength(presentation.problems.length)
    expect(view.annotations.map(a => [a.level, a.title])).toEqual([
      ['error', 'dns.proxy: h1.example.com'],
      ['error', 'dns.caa: h2.example.com and h3.example.com'],
      ['warning', 'dns.cname: h4.example.com'],
    ])
    expect(view.annotations[0]?.message).toBe(
      'h1.example.com has no CNAME. Fix: Add: `h1.example.com. CNAME frontend-api.clerk.services.`. Follows from it, and is fixed with it: dns.cname on h1.example.com.',
    )
    // One line each in the log, and nothing else: the log points at the summary elsewhere.
    expect(view.log.split('\n').filter(Boolean)).toHaveLength(3)
  })

  it('past what the runner shows, are log lines, one a problem, in order, and a notice counts them', () => {
    const checks = [
      ...Array.from({ length: 12 }, (_, i) => finding(i, 'fail')),
      ...Array.from({ length: 11 }, (_, i) => finding(100 + i, 'warn')),
    ]
    const lines = problemLines(present(report(checks)))
    const view = asShownOnGitHub(logOf(output => annotate(output, lines, '.github/clerk-preflight.yml')))
    const errors = view.annotations.filter(a => a.level === 'error')
    const warnings = view.annotations.filter(a => a.level === 'warning')
    expect(errors).toHaveLength(ANNOTATIONS_PER_LEVEL)
    expect(warnings).toHaveLength(ANNOTATIONS_PER_LEVEL)
    expect(view.annotations.at(-1)).toEqual({
      level: 'notice',
      title: undefined,
      place: undefined,
      message: '3 failures and 2 warnings more, not annotated: see the job summary or the JSON report.',
    })
    // Every problem once in the log, in the order of the comment.
    const shown = view.log.split('\n').filter(l => l && !l.startsWith('Notice: '))
    expect(shown).toHaveLength(checks.length)
    expect(shown.map(l => /h(\d+)\.example\.com has no CNAME/.exec(l)?.[1])).toEqual(
      checks.map(c => c.subject.slice(1, -'.example.com'.length)),
    )
    expect(shown[ANNOTATIONS_PER_LEVEL]).toBe(
      'Error (dns.cname: h9.example.com): h9.example.com has no CNAME. Fix: Add: `h9.example.com. CNAME frontend-api.clerk.services.`.',
    )
  })

  it('point a configuration problem at the file’s line', () => {
    const config: CheckResult = {
      id: 'config',
      subject: '.github/clerk-preflight.yml',
      status: 'fail',
      title: 'Inputs and configuration are valid',
      message: 'environments.production.domian is not a known setting',
      fix: 'Did you mean `domain`?',
      evidence: { line: 3, column: 5 },
    }
    const view = asShownOnGitHub(
      logOf(output => annotate(output, problemLines(present(report([config]))), '.github/clerk-preflight.yml')),
    )
    expect(view.annotations).toEqual([
      {
        level: 'error',
        title: 'config: .github/clerk-preflight.yml',
        place: '.github/clerk-preflight.yml:3',
        message: 'environments.production.domian is not a known setting. Fix: Did you mean `domain`?',
      },
    ])
  })

  it('keep a newline of outside data from starting a line, or a command, of its own', () => {
    const hostile = finding(1, 'fail', { message: 'x\n::stop-commands::pwned\n::error::fake' })
    const [line] = problemLines(present(report([hostile])))
    expect(line?.text).not.toMatch(/[\r\n]/)
    const view = asShownOnGitHub(logOf(output => annotate(output, problemLines(present(report([hostile]))), 'c.yml')))
    expect(view.annotations).toHaveLength(1)
  })
})
