import { posix } from 'node:path'
import { createGitHubClient, explainGitHubError, type RetryPolicy } from './client.js'
import type { GithubContext } from './context.js'
import type { CheckResult } from '../report/model.js'

/** GitHub lists at most 3,000 files of a pull request: 30 pages of 100. */
export const MAX_FILE_PAGES = 30

export interface ConfigChangeQuestion {
  token?: string
  context: GithubContext
  /** The pull request the run is about (the event's, or `pr-number`). */
  prNumber?: number
  /** The file as named, and the file a symlink leads to, relative to the repository root. */
  paths: string[]
  /** The configuration finding's subject: the file as the user named it. */
  subject: string
  title: string
  budgetMs: number
  retry?: RetryPolicy
}

export interface ConfigChange {
  result?: CheckResult
  note?: string
}

/**
 * On a pull request the configuration file is its author's. When the pull request changes it, that is said as a
 * `config` warning: the settings describe the app as this branch has it. The question is GitHub's
 * `GET /pulls/{n}/files`; what cannot be asked is a note, never a finding.
 */
export async function configChange(q: ConfigChangeQuestion): Promise<ConfigChange> {
  if (!q.prNumber || !q.token || !q.context.repository || q.paths.length === 0) return {}
  const wanted = new Set(q.paths.map(p => posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '')))
  try {
    const client = await createGitHubClient(q.token, q.retry, q.budgetMs)
    const pages = client.paginate.iterator(client.rest.pulls.listFiles, {
      ...q.context.repository,
      pull_number: q.prNumber,
      per_page: 100,
    })
    let read = 0
    for await (const page of pages) {
      const changed = page.data.find(f => wanted.has(f.filename) || wanted.has(f.previous_filename ?? ''))
      if (changed) {
        return {
          result: {
            id: 'config',
            subject: q.subject,
            status: 'warn',
            title: q.title,
            message: `this pull request changes ${changed.filename}: its settings are this branch's, written by the pull request's author, and were used as written`,
            fix: `Review the change to ${changed.filename} with the pull request. What decides the gate and where data goes is the workflow's alone and cannot be set there.`,
            evidence: { pullRequest: q.prNumber, file: changed.filename },
          },
        }
      }
      if (++read >= MAX_FILE_PAGES) break
    }
    return {}
  } catch (error) {
    return {
      note: explainGitHubError(
        error,
        'Asking whether the pull request changes the configuration file',
        'pull-requests: read',
        true, // asked on pull-request runs only, where a fork's token can be read-only
      ),
    }
  }
}
