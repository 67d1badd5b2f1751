import type { AnnotationProperties } from '@actions/core'
import { ANNOTATIONS_PER_REQUEST, type CheckRunAnnotation } from './check-run.js'
import { logLine, type ProblemLine } from '../render/log.js'
import type { CheckResult } from '../report/model.js'

interface Located {
  file?: string
  line?: number
  column?: number
}

/** Results about the configuration file point at its line; the rest have no place in the repository. */
function locate(result: CheckResult, configPath: string): Located {
  const evidence = result.evidence ?? {}
  if (result.id === 'config' && result.subject === configPath && typeof evidence.line === 'number') {
    return {
      file: configPath,
      line: evidence.line,
      column: typeof evidence.column === 'number' ? evidence.column : undefined,
    }
  }
  return {}
}

/**
 * The runner shows a step's first ten error and ten warning annotations. The verdict, written before, is one of the
 * errors; so at most nine problems of each level are annotated, and one notice says how many more the summary has.
 */
export const ANNOTATIONS_PER_LEVEL = 9

/** Where annotations and log lines go (src/output.ts). */
export interface Annotations {
  warning(text: string, place: AnnotationProperties): void
  error(text: string, place: AnnotationProperties): void
  notice(text: string): void
  info(line: string): void
}

/**
 * Each problem once, in the order of the comment: an annotation (its line in the log too), or past the runner's limit
 * a plain log line. So the log tells each problem in one line, and the annotations are the problems.
 */
export function annotate(out: Annotations, problems: readonly ProblemLine[], configPath: string): void {
  const annotated = { error: 0, warning: 0 }
  const unannotated = { error: 0, warning: 0 }
  for (const problem of problems) {
    if (annotated[problem.level] >= ANNOTATIONS_PER_LEVEL) {
      unannotated[problem.level]++
      out.info(logLine(`${problem.level === 'error' ? 'Error' : 'Warning'} (${problem.title}): ${problem.text}`))
      continue
    }
    annotated[problem.level]++
    const at = locate(problem.finding, configPath)
    const properties: AnnotationProperties = {
      title: problem.title,
      file: at.file,
      startLine: at.line,
      startColumn: at.column,
    }
    if (problem.level === 'warning') out.warning(problem.text, properties)
    else out.error(problem.text, properties)
  }
  const more = [plural(unannotated.error, 'failure'), plural(unannotated.warning, 'warning')].filter(Boolean)
  if (more.length > 0) out.notice(`${more.join(' and ')} more, not annotated: see the job summary or the JSON report.`)
}

function plural(n: number, what: string): string {
  return n <= 0 ? '' : `${n} ${what}${n === 1 ? '' : 's'}`
}

/**
 * A check run's annotations: what one request carries (GitHub takes 50 a request), so that 10,000 problems cost one
 * write, not 200; the check run's summary tells every problem.
 */
export const MAX_CHECK_RUN_ANNOTATIONS = ANNOTATIONS_PER_REQUEST

/** The same problems for a check run, which needs a path for each: the file, else the workflow. In comment order. */
export function checkRunAnnotations(
  problems: readonly ProblemLine[],
  configPath: string,
  fallbackPath: string,
): CheckRunAnnotation[] {
  const more = problems.length - MAX_CHECK_RUN_ANNOTATIONS
  const shown = more > 0 ? problems.slice(0, MAX_CHECK_RUN_ANNOTATIONS - 1) : problems
  const annotations = shown.map((problem): CheckRunAnnotation => {
    const at = locate(problem.finding, configPath)
    return {
      path: at.file ?? fallbackPath,
      start_line: at.line ?? 1,
      end_line: at.line ?? 1,
      annotation_level: problem.level === 'warning' ? 'warning' : 'failure',
      title: problem.title.slice(0, 255),
      message: problem.text.slice(0, 64 * 1024),
    }
  })
  if (more <= 0) return annotations
  const left = more + 1
  return [
    ...annotations,
    {
      path: fallbackPath,
      start_line: 1,
      end_line: 1,
      annotation_level: 'notice',
      title: `${left} more problems`,
      message: `${left} more problems are not annotated: see this check run's summary or the JSON report.`,
    },
  ]
}
