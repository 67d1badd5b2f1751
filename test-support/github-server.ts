import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for the GitHub endpoints the action uses, on loopback: issue comments (list with pagination, create,
 * update, delete), a pull request's files (at most 3,000, as GitHub lists), an issue's timeline, check runs (create,
 * update), issues (list, create, update) and GraphQL's `viewer { login }`. Faults can be queued per route. The real Octokit client reaches it through GITHUB_API_URL.
 */

export interface Issue {
  number: number
  html_url: string
  title: string
  body: string
  state: 'open' | 'closed'
  state_reason?: string | null
  user: { login: string; type: string }
  updated_at: string
  /** Set on what GitHub's issues list returns for a pull request. */
  pull_request?: { url: string }
}

export interface Comment {
  id: number
  html_url: string
  body: string
  user: { login: string; type: string }
  created_at: string
}

export interface CheckRun {
  id: number
  html_url: string
  name: string
  head_sha: string
  status?: string
  conclusion?: string
  output?: { title: string; summary: string; annotations?: unknown[] }
  annotations: unknown[]
}

export interface PullRequest {
  number: number
  state: 'open' | 'closed'
  head: { sha: string }
  labels: Array<{ name: string }>
}

export interface ListedFile {
  filename: string
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged'
  previous_filename?: string
}

/** An issue timeline event as GitHub's REST API gives it (`labeled` with its `label` and `actor`). */
export interface TimelineEvent {
  event: string
  actor?: { login: string; type?: string }
  label?: { name: string }
  created_at?: string
}

/** GitHub's list of a pull request's files stops here (docs: "Responses include a maximum of 3000 files"). */
export const MAX_LISTED_FILES = 3000

export interface Fault {
  method: string
  /** Matched against the path without the query string. */
  path: RegExp
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** How many requests get the fault (default 1). */
  times?: number
  /** Never answer (status is then unused). */
  stall?: boolean
}

export interface RecordedRequest {
  method: string
  path: string
  authorization?: string
  body?: unknown
}

export interface GitHubStandIn {
  url: string
  comments: Map<number, Comment[]>
  issues: Map<number, Issue>
  checkRuns: CheckRun[]
  requests: RecordedRequest[]
  fail(fault: Fault): void
  /** Answers as GitHub does to a fork's pull request, whose token may only read. */
  readOnlyToken(): void
  /** Every page of comments says its next page is itself. */
  loopPages(): void
  /** The pull requests GET /repos/{owner}/{repo}/commits/{sha}/pulls lists for a commit. */
  pullsOf(sha: string, pulls: PullRequest[]): void
  /**
   * The files GET /repos/{owner}/{repo}/pulls/{number}/files lists for a pull request, paged as GitHub does and cut at
   * its 3,000; a name alone is `modified`.
   */
  filesOf(pr: number, files: Array<string | ListedFile>): void
  /** The events GET /repos/{owner}/{repo}/issues/{number}/timeline lists, paged as GitHub does. */
  timelineOf(issue: number, events: TimelineEvent[]): void
  /** Adds an issue (or, with `pullRequest`, a pull request as the issues list shows it) as if someone had opened it. */
  seedIssue(body: string, options?: { login?: string; pullRequest?: boolean; state?: 'open' | 'closed' }): Issue
  /** Adds a comment as if someone had posted it. */
  seed(issue: number, body: string, login?: string): Comment
  close(): Promise<void>
}

const PER_PAGE_MAX = 100

/** Who the job's token acts as, as GitHub's GraphQL `viewer` says. */
export const TOKEN_LOGIN = 'github-actions[bot]'

export async function startGitHubStandIn(): Promise<GitHubStandIn> {
  const comments = new Map<number, Comment[]>()
  const checkRuns: CheckRun[] = []
  const issues = new Map<number, Issue>()
  let nextIssue = 40
  const requests: RecordedRequest[] = []
  const faults: Array<Fault & { left: number }> = []
  let nextId = 1000
  let loopingPages = false
  const pulls = new Map<string, PullRequest[]>()
  const files = new Map<number, ListedFile[]>()
  const timelines = new Map<number, TimelineEvent[]>()
  let clock = Date.parse('2026-01-01T00:00:00Z')

  const makeComment = (body: string, login = TOKEN_LOGIN): Comment => ({
    id: nextId++,
    html_url: `https://github.example/acme/shop/pull/7#issuecomment-${nextId}`,
    body,
    user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
    created_at: new Date((clock += 1000)).toISOString(),
  })

  const makeIssue = (title: string, body: string, login = TOKEN_LOGIN): Issue => {
    const number = nextIssue++
    const issue: Issue = {
      number,
      html_url: `https://github.example/acme/shop/issues/${number}`,
      title,
      body,
      state: 'open',
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      updated_at: new Date((clock += 1000)).toISOString(),
    }
    issues.set(number, issue)
    return issue
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const body: unknown = text ? JSON.parse(text) : undefined
    requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, body })

    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(payload === undefined ? '' : JSON.stringify(payload))
    }

    const fault = faults.find(f => f.left > 0 && f.method === req.method && f.path.test(url.pathname))
    if (fault) {
      fault.left--
      if (fault.stall) return
      send(fault.status, fault.body ?? { message: `fault ${fault.status}` }, fault.headers)
      return
    }

    if (url.pathname === '/graphql' && req.method === 'POST') {
      const query = (body as { query?: string } | undefined)?.query ?? ''
      if (/viewer\s*\{\s*login/.test(query)) return send(200, { data: { viewer: { login: TOKEN_LOGIN } } })
      return send(200, { errors: [{ message: 'unknown query' }] })
    }

    let m: RegExpExecArray | null
    if ((m = /^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)\/pulls$/.exec(url.pathname)) && req.method === 'GET') {
      return send(200, pulls.get(m[1] ?? '') ?? [])
    }
    const paged = (list: unknown[]) => {
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), PER_PAGE_MAX)
      const page = Number(url.searchParams.get('page') ?? 1)
      const headers: Record<string, string> = {}
      if (page * perPage < list.length) {
        const next = new URL(url.toString())
        next.searchParams.set('page', String(page + 1))
        headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`
      }
      return send(200, list.slice((page - 1) * perPage, page * perPage), headers)
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/.exec(url.pathname)) && req.method === 'GET') {
      return paged((files.get(Number(m[1])) ?? []).slice(0, MAX_LISTED_FILES))
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/timeline$/.exec(url.pathname)) && req.method === 'GET') {
      return paged(timelines.get(Number(m[1])) ?? [])
    }
    if (/^\/repos\/[^/]+\/[^/]+\/issues$/.test(url.pathname)) {
      if (req.method === 'POST') {
        const { title, body: text } = body as { title: string; body: string }
        return send(201, makeIssue(title, text))
      }
      if (req.method === 'GET') {
        const state = url.searchParams.get('state') ?? 'open'
        // sort=updated&direction=desc, as the watch asks.
        const list = [...issues.values()]
          .filter(i => state === 'all' || i.state === state)
          .sort((a, b) => b.updated_at.localeCompare(a.updated_at))
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), PER_PAGE_MAX)
        const page = Number(url.searchParams.get('page') ?? 1)
        const headers: Record<string, string> = {}
        if (page * perPage < list.length) {
          const next = new URL(url.toString())
          next.searchParams.set('page', String(page + 1))
          headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`
        }
        return send(200, list.slice((page - 1) * perPage, page * perPage), headers)
      }
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/.exec(url.pathname)) && req.method === 'PATCH') {
      const issue = issues.get(Number(m[1]))
      if (!issue) return send(404, { message: 'Not Found' })
      const { title, body: text, state, state_reason } = body as Partial<Issue>
      Object.assign(issue, {
        ...(title !== undefined && { title }),
        ...(text !== undefined && { body: text }),
        ...(state !== undefined && { state }),
        ...(state_reason !== undefined && { state_reason }),
        updated_at: new Date((clock += 1000)).toISOString(),
      })
      return send(200, issue)
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
      const issue = Number(m[1])
      const list = comments.get(issue) ?? []
      if (req.method === 'GET') {
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), PER_PAGE_MAX)
        const page = Number(url.searchParams.get('page') ?? 1)
        const last = Math.max(1, Math.ceil(list.length / perPage))
        const headers: Record<string, string> = {}
        if (loopingPages) {
          headers.link = `<http://${req.headers.host}${url.pathname}${url.search}>; rel="next"`
        } else if (page < last) {
          const next = new URL(url.toString())
          next.searchParams.set('page', String(page + 1))
          headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`
        }
        send(200, list.slice((page - 1) * perPage, page * perPage), headers)
        return
      }
      if (req.method === 'POST') {
        const comment = makeComment((body as { body: string }).body)
        comments.set(issue, [...list, comment])
        send(201, comment)
        return
      }
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname))) {
      const id = Number(m[1])
      for (const [issue, list] of comments) {
        const comment = list.find(c => c.id === id)
        if (!comment) continue
        if (req.method === 'PATCH') {
          comment.body = (body as { body: string }).body
          send(200, comment)
          return
        }
        if (req.method === 'DELETE') {
          comments.set(
            issue,
            list.filter(c => c.id !== id),
          )
          send(204)
          return
        }
      }
      send(404, { message: 'Not Found' })
      return
    }
    if (/^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(url.pathname) && req.method === 'POST') {
      const input = body as Omit<CheckRun, 'id' | 'annotations'>
      const id = nextId++
      const run: CheckRun = {
        ...input,
        id,
        html_url: `https://github.example/acme/shop/runs/${id}`,
        annotations: [...(input.output?.annotations ?? [])],
      }
      checkRuns.push(run)
      send(201, run)
      return
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(url.pathname)) && req.method === 'PATCH') {
      const run = checkRuns.find(r => r.id === Number(m![1]))
      if (!run) return send(404, { message: 'Not Found' })
      const update = body as Partial<CheckRun>
      Object.assign(run, { ...update, annotations: [...run.annotations, ...(update.output?.annotations ?? [])] })
      send(200, run)
      return
    }
    send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    comments,
    issues,
    checkRuns,
    requests,
    fail: fault => faults.push({ ...fault, left: fault.times ?? 1 }),
    filesOf: (pr, list) => {
      files.set(
        pr,
        list.map(f => (typeof f === 'string' ? { filename: f, status: 'modified' as const } : f)),
      )
    },
    timelineOf: (issue, events) => {
      timelines.set(issue, events)
    },
    pullsOf: (sha, list) => {
      pulls.set(sha, list)
    },
    loopPages: () => {
      loopingPages = true
    },
    readOnlyToken: () =>
      faults.push({
        method: 'GET',
        path: /comments$/,
        status: 403,
        body: { message: 'Resource not accessible by integration' },
        left: 1e9,
      }),
    seedIssue(body, options = {}) {
      const issue = makeIssue('Seeded', body, options.login)
      if (options.pullRequest) issue.pull_request = { url: `https://github.example/acme/shop/pull/${issue.number}` }
      if (options.state) issue.state = options.state
      return issue
    },
    seed(issue, body, login) {
      const comment = makeComment(body, login)
      comments.set(issue, [...(comments.get(issue) ?? []), comment])
      return comment
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
