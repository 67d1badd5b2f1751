import { readFile } from 'node:fs/promises'
import { annotationLines, asShownOnGitHub } from '../test-support/github-log.js'
import { runAction } from '../test-support/run-action.js'
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY, startDemoPeers } from './peers.js'

// The demo: runs the bundled action as the runner would, on a production deploy of example.com with a fake live
// publishable key and, by mistake, a development secret key. Its DNS comes from a server on loopback serving
// demo/zone.ts, and the deployed page and Clerk's APIs from servers on loopback (demo/peers.ts), so nothing leaves the
// machine. What it gives back is what a person sees on GitHub: the step's log (annotations as lines, groups folded),
// the annotations on the run's page, and the job summary. Its temporary folders are gone when it returns.

export interface Demo {
  /** What to print. */
  text: string
  /** The step's exit code: 1, since the deploy is not ready. */
  code: number | null
  reportWritten: boolean
}

export async function runDemo(): Promise<Demo> {
  const peers = await startDemoPeers()
  try {
    const run = await runAction({
      inputs: {
        environment: 'production',
        'dns-servers': peers.dnsServer,
        url: peers.url,
        'webhook-url': peers.webhookUrl,
      },
      env: {
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
        CLERK_SECRET_KEY: DEMO_SECRET_KEY,
        CLERK_API_URL: peers.clerkApiUrl,
        CLERK_FAPI_URL: peers.frontendApiUrl,
      },
      files: {
        '.github/clerk-preflight.yml': await readFile(new URL('clerk-preflight.yml', import.meta.url), 'utf8'),
      },
    })
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
  } finally {
    await peers.close()
  }
}
