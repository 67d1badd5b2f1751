import type { GitHubClient } from './client.js'
import type { Report } from '../report/model.js'

/** GitHub accepts at most this many annotations per request to the check runs API. */
export const ANNOTATIONS_PER_REQUEST = 50

export interface CheckRunAnnotation {
  path: string
  start_line: number
  end_line: number
  annotation_level: 'failure' | 'warning' | 'notice'
  title: string
  message: string
}

export interface CheckRunPublication {
  owner: string
  repo: string
  headSha: string
  name: string
  conclusion: 'success' | 'failure' | 'neutral'
  title: string
  summary: string
  annotations: CheckRunAnnotation[]
}

export function checkRunName(report: Report): string {
  return `Clerk preflight (${report.environment.name})`
}

/** Creates the check run with the first batch of annotations, then adds the rest batch by batch; returns its URL. */
export async function publishCheckRun(client: GitHubClient, run: CheckRunPublication): Promise<string | undefined> {
  const batches: CheckRunAnnotation[][] = []
  for (let i = 0; i < run.annotations.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(run.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST))
  const output = (annotations: CheckRunAnnotation[] = []) => ({ title: run.title, summary: run.summary, annotations })
  const ref = { owner: run.owner, repo: run.repo }
  const created = await client.rest.checks.create({
    ...ref,
    name: run.name,
    head_sha: run.headSha,
    status: 'completed',
    conclusion: run.conclusion,
    output: output(batches[0]),
  })
  for (const batch of batches.slice(1)) {
    await client.rest.checks.update({ ...ref, check_run_id: created.data.id, output: output(batch) })
  }
  return created.data.html_url ?? undefined
}
