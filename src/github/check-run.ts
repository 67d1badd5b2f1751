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

/** Creates the check run, annotations included (at most one request's worth: annotations.ts). Returns its URL. */
export async function publishCheckRun(client: GitHubClient, run: CheckRunPublication): Promise<string | undefined> {
  const created = await client.rest.checks.create({
    owner: run.owner,
    repo: run.repo,
    name: run.name,
    head_sha: run.headSha,
    status: 'completed',
    conclusion: run.conclusion,
    output: { title: run.title, summary: run.summary, annotations: run.annotations.slice(0, ANNOTATIONS_PER_REQUEST) },
  })
  return created.data.html_url ?? undefined
}
