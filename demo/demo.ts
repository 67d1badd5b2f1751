import { annotationLines, asShownOnGitHub } from '../test-support/github-log.js'
import { runDemo } from './report.js'

// The demo (demo/report.ts runs it: the bundled action on a production deploy of example.com whose peers all answer on
// loopback), shown as a person sees it on GitHub: the step's log (annotations as lines, groups folded), the
// annotations on the run's page, and the job summary. Its temporary folders are gone when it returns.

export interface Demo {
  /** What to print. */
  text: string
  /** The step's exit code: 1, since the deploy is not ready. */
  code: number | null
  reportWritten: boolean
}

/** The demo's run (demo/report.ts), as a person sees it on GitHub. */
export async function showDemo(): Promise<Demo> {
  const run = await runDemo()
  const shown = asShownOnGitHub(run.stdout)
  const text = [
    '--- the step’s log, as GitHub shows it (▶ a folded group) ---',
    shown.log.trim(),
    '',
    '--- the annotations on the run’s page (each with its message, as in the log) ---',
    annotationLines(shown.annotations),
    '',
    '--- the job summary (Markdown) ---',
    run.summary.trim(),
    '',
    '--- the outcome ---',
    run.code === 0
      ? 'The step passed.'
      : `The step failed (exit code ${run.code}): in a workflow this blocks the deploy. Outputs: status=${run.outputs.status}, failed-checks=${run.outputs['failed-checks']}`,
    run.report
      ? `The JSON report (the report-file output) has ${run.report.checks.length} results: ${Object.entries(
          run.report.counts,
        )
          .map(([status, n]) => `${n} ${status}`)
          .join(', ')}.`
      : 'No report was written.',
  ].join('\n')
  return { text, code: run.code, reportWritten: run.report !== undefined }
}
