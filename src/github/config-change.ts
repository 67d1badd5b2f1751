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

/** What GitHub's list says happened to a file: added, removed, renamed, modified, … */
interface ListedFile {
  filename: string
  previous_filename?: string
  status?: string
}

/**
 * On a pull request the configuration file is its author's. When the pull request changes, adds, moves or deletes it,
 * that is said as a `config` warning: the settings describe the app as this branch has it (or, deleted, not at all).
 * The question is GitHub's `GET /pulls/{n}/files`, which lists at most 3,000 files: past that, the warning says the
 * file could not be looked for. What cannot be asked, and an answer of another shape than GitHub's, is a note.
 */
export async function configChange(q: ConfigChangeQuestion): Promise<ConfigChange> {
  if (!q.prNumber || !q.token || !q.context.repository || q.paths.length === 0) return {}
  const wanted = new Set(q.paths.map(p => posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '')))
  const asking = 'Asking whether the pull request changes the configuration file'
  try {
    const client = await createGitHubClient(q.token, q.retry, q.budgetMs)
    const pages = client.paginate.iterator(client.rest.pulls.listFiles, {
      ...q.context.repository,
      pull_number: q.prNumber,
      per_page: 100,
    })
    let read = 0
    let listed = 0
    for await (const page of pages) {
      // Outside data: a list of files as GitHub documents, else it is said to be something else.
      if (!Array.isArray(page.data)) {
        return {
          note: `${asking}: GitHub's answer for pull request #${q.prNumber}'s files was not a list of files, so whether it changes ${q.subject} could not be told.`,
        }
      }
      const files = (page.data as unknown[]).filter(isListedFile)
      listed += page.data.length
      const changed = files.find(f => wanted.has(f.filename) || wanted.has(f.previous_filename ?? ''))
      if (changed) return { result: changedFinding(q, changed) }
      if (++read >= MAX_FILE_PAGES) break
    }
    return listed >= MAX_FILE_PAGES * 100 ? { result: pastTheListFinding(q) } : {}
  } catch (error) {
    return {
      note: explainGitHubError(
        error,
        asking,
        'pull-requests: read',
        true, // asked on pull-request runs only, where a fork's token can be read-only
      ),
    }
  }
}

function isListedFile(value: unknown): value is ListedFile {
  const file = value as ListedFile | null
  return (
    typeof file === 'object' &&
    file !== null &&
    typeof file.filename === 'string' &&
    (file.previous_filename === undefined || typeof file.previous_filename === 'string')
  )
}

function changedFinding(q: ConfigChangeQuestion, changed: ListedFile): CheckResult {
  const file = changed.filename
  const moved = changed.previous_filename && changed.status === 'renamed'
  const message =
    changed.status === 'removed'
      ? `this pull request deletes ${file}: the run had no configuration file, so the settings it held (environments, domains, origins) were not applied`
      : moved
        ? `this pull request moves ${changed.previous_filename} to ${file}: its settings are this branch's, written by the pull request's author`
        : `this pull request ${changed.status === 'added' ? 'adds' : 'changes'} ${file}: its settings are this branch's, written by the pull request's author, and were used as written`
  return {
    id: 'config',
    subject: q.subject,
    status: 'warn',
    title: q.title,
    message,
    fix: `Review the change to ${file} with the pull request. What decides the gate and where data goes is the workflow's alone and cannot be set there.`,
    evidence: { pullRequest: q.prNumber, file, ...(changed.status ? { change: changed.status } : {}) },
  }
}

/** GitHub's list stops at 3,000 files (docs: "Responses include a maximum of 3000 files"). */
function pastTheListFinding(q: ConfigChangeQuestion): CheckResult {
  return {
    id: 'config',
    subject: q.subject,
    status: 'warn',
    title: q.title,
    message: `pull request #${q.prNumber} changes 3,000 files or more, and GitHub lists only the first 3,000: whether it changes ${q.subject} could not be told, so its settings may be this branch's, written by the pull request's author`,
    fix: `Look at whether the pull request changes ${q.subject} (\`git diff --stat <base>...<head> -- ${q.subject}\`) before trusting this run's settings.`,
    evidence: { pullRequest: q.prNumber, listed: MAX_FILE_PAGES * 100 },
  }
}
