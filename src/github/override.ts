import { createGitHubClient, explainGitHubError, type RetryPolicy } from './client.js'
import type { GithubContext } from './context.js'

/** GitHub's timeline, 100 events a page: 1,000 events are more than a pull request's labels ever need. */
export const MAX_TIMELINE_PAGES = 10

export interface OverrideQuestion {
  token?: string
  context: GithubContext
  /** The pull request that carries the label. */
  prNumber: number
  label: string
  budgetMs: number
  retry?: RetryPolicy
}

/** Who applied the override label, or why that could not be told. */
export interface OverrideActor {
  by?: string
  /** Why it is not known, as a sentence for the summary's notes. */
  note?: string
}

/**
 * Whoever can label a pull request can label their own: the comment and the check run say who applied the override,
 * so a reviewer sees it. The `labeled` event that runs the workflow names its sender; any other run reads the pull
 * request's timeline (GitHub's `GET /issues/{n}/timeline`) for the last `labeled` event of that label.
 */
export async function overrideActor(q: OverrideQuestion): Promise<OverrideActor> {
  const payload = q.context.payload as {
    action?: unknown
    label?: { name?: unknown }
    sender?: { login?: unknown }
  }
  if (payload.action === 'labeled' && payload.label?.name === q.label && typeof payload.sender?.login === 'string') {
    return { by: payload.sender.login }
  }
  const unknown = (why: string) => ({ note: `Who applied the override label ${q.label} could not be told: ${why}.` })
  if (!q.token || !q.context.repository) return unknown('no github-token to read the pull request’s timeline with')
  try {
    const client = await createGitHubClient(q.token, q.retry, q.budgetMs)
    const pages = client.paginate.iterator(client.rest.issues.listEventsForTimeline, {
      ...q.context.repository,
      issue_number: q.prNumber,
      per_page: 100,
    })
    let by: string | undefined
    let read = 0
    // GitHub lists a timeline oldest first: a timeline longer than the pages read may hold a later `labeled` event
    // for the label past them, so the last one read is not known to be the last one.
    let cut = false
    for await (const page of pages) {
      // Outside data: only events of the shape GitHub documents are read.
      if (!Array.isArray(page.data)) return unknown('GitHub’s answer for its timeline was not a list of events')
      for (const event of page.data as unknown[]) {
        const e = event as { event?: unknown; label?: { name?: unknown }; actor?: { login?: unknown } } | null
        if (e?.event === 'labeled' && e.label?.name === q.label && typeof e.actor?.login === 'string')
          by = e.actor.login
      }
      if (++read >= MAX_TIMELINE_PAGES) {
        cut = /\brel="next"/.test(page.headers.link ?? '')
        break
      }
    }
    if (cut)
      return unknown(
        `its timeline is longer than the ${MAX_TIMELINE_PAGES * 100} events read, and the last \`labeled\` event for it may be past them`,
      )
    return by
      ? { by }
      : unknown(`its timeline has no \`labeled\` event for it in the first ${MAX_TIMELINE_PAGES * 100}`)
  } catch (error) {
    return {
      note: explainGitHubError(
        error,
        `Reading who applied the override label ${q.label}`,
        'pull-requests: read',
        q.context.eventName?.startsWith('pull_request') ?? false,
      ),
    }
  }
}
