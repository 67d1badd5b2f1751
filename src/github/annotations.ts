import type { AnnotationProperties } from '@actions/core'
import { ANNOTATIONS_PER_REQUEST, type CheckRunAnnotation } from './check-run.js'
import type { CheckResult, Report } from '../report/model.js'

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

function text(result: CheckResult): string {
  return result.fix ? `${result.message}\nFix: ${result.fix}` : result.message
}

const title = (result: CheckResult) => `${result.id}: ${result.subject}`

/**
 * The runner shows a step's first ten error and ten warning annotations. The verdict, written before, is one of the
 * errors; so at most nine findings of each level are annotated, and one notice says how many more the summary has.
 */
export const ANNOTATIONS_PER_LEVEL = 9

/** Where annotations go (src/output.ts). */
export interface Annotations {
  warning(text: string, place: AnnotationProperties): void
  error(text: string, place: AnnotationProperties): void
  notice(text: string): void
}

/** Each fail, error and warn becomes a workflow annotation, worst first, up to the runner's limit. */
export function annotate(out: Annotations, report: Report, configPath: string): void {
  const failing = report.checks.filter(r => r.status === 'fail' || r.status === 'error')
  const warning = report.checks.filter(r => r.status === 'warn')
  for (const result of [...failing.slice(0, ANNOTATIONS_PER_LEVEL), ...warning.slice(0, ANNOTATIONS_PER_LEVEL)]) {
    const at = locate(result, configPath)
    const properties: AnnotationProperties = {
      title: title(result),
      file: at.file,
      startLine: at.line,
      startColumn: at.column,
    }
    if (result.status === 'warn') out.warning(text(result), properties)
    else out.error(text(result), properties)
  }
  const more = [
    plural(failing.length - ANNOTATIONS_PER_LEVEL, 'failure'),
    plural(warning.length - ANNOTATIONS_PER_LEVEL, 'warning'),
  ].filter(Boolean)
  if (more.length > 0) out.notice(`${more.join(' and ')} more: see the job summary or the JSON report.`)
}

function plural(n: number, what: string): string {
  return n <= 0 ? '' : `${n} ${what}${n === 1 ? '' : 's'}`
}

/**
 * A check run's annotations: what one request carries (GitHub takes 50 a request), so that 10,000 findings cost one
 * write, not 200; the check run's summary lists every finding.
 */
export const MAX_CHECK_RUN_ANNOTATIONS = ANNOTATIONS_PER_REQUEST

/** The same findings for a check run, which needs a path for each: the file, else the workflow. Worst first. */
export function checkRunAnnotations(report: Report, configPath: string, fallbackPath: string): CheckRunAnnotation[] {
  const failing = report.checks.filter(r => r.status === 'fail' || r.status === 'error')
  const warning = report.checks.filter(r => r.status === 'warn')
  const all = [...failing, ...warning]
  const more = all.length - MAX_CHECK_RUN_ANNOTATIONS
  const shown = more > 0 ? all.slice(0, MAX_CHECK_RUN_ANNOTATIONS - 1) : all
  const annotations = shown.map((result): CheckRunAnnotation => {
    const at = locate(result, configPath)
    return {
      path: at.file ?? fallbackPath,
      start_line: at.line ?? 1,
      end_line: at.line ?? 1,
      annotation_level: result.status === 'warn' ? 'warning' : 'failure',
      title: title(result).slice(0, 255),
      message: text(result).slice(0, 64 * 1024),
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
      title: `${left} more findings`,
      message: `${left} more failures and warnings are not annotated: see this check run's summary or the JSON report.`,
    },
  ]
}
