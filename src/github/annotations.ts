import * as core from '@actions/core'
import type { CheckRunAnnotation } from './check-run.js'
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

/** Each fail, error and warn becomes a workflow annotation. */
export function annotate(report: Report, configPath: string): void {
  for (const result of report.checks) {
    if (result.status !== 'fail' && result.status !== 'error' && result.status !== 'warn') continue
    const at = locate(result, configPath)
    const properties: core.AnnotationProperties = {
      title: title(result),
      file: at.file,
      startLine: at.line,
      startColumn: at.column,
    }
    if (result.status === 'warn') core.warning(text(result), properties)
    else core.error(text(result), properties)
  }
}

/** The same findings for a check run, which needs a path for each: the file, else the workflow. */
export function checkRunAnnotations(report: Report, configPath: string, fallbackPath: string): CheckRunAnnotation[] {
  return report.checks
    .filter(r => r.status === 'fail' || r.status === 'error' || r.status === 'warn')
    .map(result => {
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
}
