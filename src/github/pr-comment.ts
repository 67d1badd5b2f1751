import type { GitHubClient } from './client.js'
import { commentMarker } from '../render/comment.js'

export interface IssueRef {
  owner: string
  repo: string
  number: number
}

interface ExistingComment {
  id: number
  body?: string
  created_at: string
  html_url: string
  user?: { login?: string } | null
}

/** 1,000 comments: a discussion longer than that is not searched further, and the run says so. */
export const MAX_COMMENT_PAGES = 10
/** Duplicates (runs that raced) tidied per run; more are left for the next run. */
export const MAX_DUPLICATES_DELETED = 5

export interface CommentOutcome {
  action: 'created' | 'updated' | 'skipped'
  id?: number
  url?: string
  notes: string[]
}

/** Who the token acts as (`github-actions[bot]` for the job's token), so that only its own comments are touched. */
export async function tokenLogin(client: GitHubClient): Promise<string | undefined> {
  try {
    const answer = await client.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }')
    return typeof answer.viewer?.login === 'string' ? answer.viewer.login : undefined
  } catch {
    return undefined
  }
}

/** The comments that carry the marker, oldest first, read page by page up to the bound. */
async function markedComments(
  client: GitHubClient,
  issue: IssueRef,
  marker: string,
): Promise<{ comments: ExistingComment[]; notes: string[] }> {
  const found: ExistingComment[] = []
  const notes: string[] = []
  const pagesRead = new Set<string>()
  const pages = client.paginate.iterator(client.rest.issues.listComments, {
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.number,
    per_page: 100,
  })
  for await (const page of pages) {
    // A `Link: next` that points back at a page already read would page for ever.
    if (pagesRead.has(page.url)) {
      notes.push('GitHub’s list of comments pointed back to a page already read; the search stopped there.')
      break
    }
    pagesRead.add(page.url)
    found.push(...(page.data as ExistingComment[]).filter(c => c.body?.includes(marker)))
    if (pagesRead.size >= MAX_COMMENT_PAGES) {
      notes.push(
        `The pull request has more than ${MAX_COMMENT_PAGES * 100} comments; only the first ${MAX_COMMENT_PAGES * 100} were searched for this action's.`,
      )
      break
    }
  }
  found.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id)
  return { comments: found, notes }
}

/**
 * One comment per pull request and environment, updated in place. A comment is this action's when it carries the
 * marker and was written by the identity the token acts as: someone's comment that quotes the marker is never
 * changed or deleted. Duplicates (two runs that raced) are resolved: the newest is updated and older ones deleted.
 * The list is read again right before creating, which narrows the window in which two runs could both create.
 */
export async function upsertComment(
  client: GitHubClient,
  issue: IssueRef,
  environment: string,
  render: (previous?: string) => string,
  createWhen: () => boolean = () => true,
): Promise<CommentOutcome> {
  const marker = commentMarker(environment)
  const login = await tokenLogin(client)
  const ours = async () => {
    const { comments, notes } = await markedComments(client, issue, marker)
    return { notes, comments: comments.filter(c => login !== undefined && c.user?.login === login), marked: comments }
  }
  let read = await ours()
  if (read.comments.length === 0) read = await ours()
  const notes = [...read.notes]
  const newest = read.comments.at(-1)
  const body = render(newest?.body)
  const ref = { owner: issue.owner, repo: issue.repo }
  if (!newest) {
    if (login === undefined && read.marked.length > 0) {
      notes.push(
        'Could not tell which identity the token acts as (GitHub’s GraphQL `viewer`), so no existing comment was updated and none was added beside them.',
      )
      return { action: 'skipped', notes }
    }
    if (!createWhen()) return { action: 'skipped', notes }
    const created = await client.rest.issues.createComment({ ...ref, issue_number: issue.number, body })
    return { action: 'created', id: created.data.id, url: created.data.html_url, notes }
  }
  await client.rest.issues.updateComment({ ...ref, comment_id: newest.id, body })
  for (const duplicate of read.comments.slice(0, -1).slice(-MAX_DUPLICATES_DELETED)) {
    // Best effort: a duplicate left behind is tidied by the next run.
    await client.rest.issues.deleteComment({ ...ref, comment_id: duplicate.id }).catch(() => undefined)
  }
  return { action: 'updated', id: newest.id, url: newest.html_url, notes }
}
