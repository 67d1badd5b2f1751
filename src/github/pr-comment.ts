import type { GitHubClient } from './client.js'
import { commentMarker, previousStatus } from '../render/comment.js'
import type { Report } from '../report/model.js'

export interface IssueRef {
  owner: string
  repo: string
  number: number
}

interface ExistingComment {
  id: number
  body?: string
  created_at: string
}

async function markedComments(client: GitHubClient, issue: IssueRef, marker: string): Promise<ExistingComment[]> {
  const all = await client.paginate(client.rest.issues.listComments, {
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.number,
    per_page: 100,
  })
  return all
    .filter(c => c.body?.includes(marker))
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id)
}

/**
 * One comment per pull request and environment, updated in place. Duplicates (two runs that raced) are resolved:
 * the newest is updated and the older ones deleted. The list is read again right before creating, which narrows
 * the window in which two runs could both create.
 */
export async function upsertComment(
  client: GitHubClient,
  issue: IssueRef,
  environment: string,
  render: (previous?: Report['status']) => string,
): Promise<{ action: 'created' | 'updated'; id: number }> {
  const marker = commentMarker(environment)
  let existing = await markedComments(client, issue, marker)
  if (existing.length === 0) existing = await markedComments(client, issue, marker)
  const newest = existing.at(-1)
  const body = render(newest?.body ? previousStatus(newest.body) : undefined)
  const ref = { owner: issue.owner, repo: issue.repo }
  if (!newest) {
    const created = await client.rest.issues.createComment({ ...ref, issue_number: issue.number, body })
    return { action: 'created', id: created.data.id }
  }
  await client.rest.issues.updateComment({ ...ref, comment_id: newest.id, body })
  for (const duplicate of existing.slice(0, -1)) {
    // Best effort: a duplicate left behind is tidied by the next run.
    await client.rest.issues.deleteComment({ ...ref, comment_id: duplicate.id }).catch(() => undefined)
  }
  return { action: 'updated', id: newest.id }
}
