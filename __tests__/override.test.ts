import type { GithubContext } from '../src/github/context.js'
import { MAX_TIMELINE_PAGES, overrideActor, type OverrideQuestion } from '../src/github/override.js'
import { startGitHubStandIn, type GitHubStandIn, type TimelineEvent } from '../test-support/github-server.js'

// Who applied the override label, in-process: the labeled event's sender, else the pull request's timeline as the
// GitHub stand-in lists it (paged as GitHub pages it), read through the real Octokit client.

const LABEL = 'clerk-override'
const TIMELINE = '/repos/acme/shop/issues/5/timeline'

let github: GitHubStandIn
let savedApiUrl: string | undefined
beforeAll(async () => {
  github = await startGitHubStandIn()
  // createGitHubClient reads GITHUB_API_URL when it makes the client, as the runner sets it.
  savedApiUrl = process.env.GITHUB_API_URL
  process.env.GITHUB_API_URL = github.url
})
afterAll(async () => {
  process.env.GITHUB_API_URL = savedApiUrl
  await github.close()
})

const context = (payload: Record<string, unknown>, over: Partial<GithubContext> = {}): GithubContext => ({
  eventName: 'pull_request',
  workspace: '.',
  payload,
  repository: { owner: 'acme', repo: 'shop' },
  ...over,
})

const ask = (payload: Record<string, unknown>, over: Partial<OverrideQuestion> = {}) =>
  overrideActor({
    token: 'ghs_test',
    context: context(payload),
    prNumber: 5,
    label: LABEL,
    budgetMs: 10_000,
    retry: { attempts: 1, baseDelayMs: 1 },
    ...over,
  })

const timelineReads = () => github.requests.filter(r => r.path === TIMELINE).length
const labeled = (login: string, label = LABEL): TimelineEvent => ({
  event: 'labeled',
  label: { name: label },
  actor: { login },
})
const filler = (n: number): TimelineEvent[] =>
  Array.from({ length: n }, () => ({ event: 'commented', actor: { login: 'someone' } }))

beforeEach(() => {
  github.requests.length = 0
  github.timelineOf(5, [])
})

describe('who applied the override label', () => {
  it('is the labeled event’s sender, when that event is the label’s: GitHub is not asked', async () => {
    expect(await ask({ action: 'labeled', label: { name: LABEL }, sender: { login: 'mallory' } })).toEqual({
      by: 'mallory',
    })
    expect(github.requests).toHaveLength(0)
  })

  it('is read from the timeline when the labeled event is another label’s, or its sender is odd', async () => {
    github.timelineOf(5, [labeled('eve')])
    expect(await ask({ action: 'labeled', label: { name: 'bug' }, sender: { login: 'bob' } })).toEqual({ by: 'eve' })
    expect(await ask({ action: 'labeled', label: { name: LABEL }, sender: { login: 42 } })).toEqual({ by: 'eve' })
    expect(await ask({ action: 'labeled', label: null, sender: null })).toEqual({ by: 'eve' })
    expect(timelineReads()).toBe(3)
  })

  it('is the actor of the label’s last labeled event: a relabel wins, other labels and other events do not count', async () => {
    github.timelineOf(5, [
      labeled('alice'),
      { event: 'unlabeled', label: { name: LABEL }, actor: { login: 'alice' } },
      labeled('bob', 'bug'),
      { event: 'commented', actor: { login: 'bob' } },
      labeled('eve'),
      // Later, but not the label (GitHub's label names are compared as given).
      labeled('carol', 'Clerk-Override'),
    ])
    expect(await ask({ action: 'synchronize', sender: { login: 'the-author' } })).toEqual({ by: 'eve' })
    expect(timelineReads()).toBe(1)
  })

  it('reads every page of a long timeline, up to its bound, for the last labeled event', async () => {
    // 1,000 events: ten full pages and no next one; the last labeled event is on the tenth.
    github.timelineOf(5, [labeled('alice'), ...filler(900), labeled('eve'), ...filler(98)])
    expect(await ask({ action: 'synchronize' })).toEqual({ by: 'eve' })
    expect(timelineReads()).toBe(MAX_TIMELINE_PAGES)
  })

  it('says it cannot tell, rather than name an earlier labeler, when the timeline is longer than its bound', async () => {
    // The label was applied by alice, removed, and applied again by eve past the 1,000th event: alice is not the
    // answer, and neither page past the bound is read.
    github.timelineOf(5, [
      labeled('alice'),
      { event: 'unlabeled', label: { name: LABEL }, actor: { login: 'alice' } },
      ...filler(1018),
      labeled('eve'),
      ...filler(10),
    ])
    const actor = await ask({ action: 'synchronize' })
    expect(actor.by).toBeUndefined()
    expect(actor.note).toBe(
      'Who applied the override label clerk-override could not be told: its timeline is longer than the 1000 events read, and the last `labeled` event for it may be past them.',
    )
    expect(timelineReads()).toBe(MAX_TIMELINE_PAGES)
  })

  it('says so when the timeline has no labeled event of the label', async () => {
    github.timelineOf(5, [labeled('bob', 'bug'), { event: 'labeled', label: { name: LABEL } }])
    expect(await ask({ action: 'synchronize' })).toEqual({
      note: 'Who applied the override label clerk-override could not be told: its timeline has no `labeled` event for it in the first 1000.',
    })
  })

  it('reads only events of the shape GitHub documents', async () => {
    github.timelineOf(5, [
      null,
      'labeled',
      { event: 'labeled', label: { name: LABEL }, actor: null },
      { event: 'labeled', label: LABEL, actor: { login: 'mallory' } },
      { event: 'labeled', label: { name: LABEL }, actor: { login: ['mallory'] } },
      labeled('eve'),
    ] as unknown as TimelineEvent[])
    expect(await ask({ action: 'synchronize' })).toEqual({ by: 'eve' })
    github.fail({ method: 'GET', path: /\/timeline$/, status: 200, body: { events: [] } })
    expect((await ask({ action: 'synchronize' })).note).toBe(
      'Who applied the override label clerk-override could not be told: GitHub’s answer for its timeline was not a list of events.',
    )
  })

  it('says why when there is no token or no repository to ask', async () => {
    const noToken =
      'Who applied the override label clerk-override could not be told: no github-token to read the pull request’s timeline with.'
    expect(await ask({ action: 'synchronize' }, { token: undefined })).toEqual({ note: noToken })
    expect(await ask({ action: 'synchronize' }, { context: context({}, { repository: undefined }) })).toEqual({
      note: noToken,
    })
    expect(github.requests).toHaveLength(0)
  })

  it('says what GitHub refused, and the permission that reads a timeline', async () => {
    github.fail({
      method: 'GET',
      path: /\/timeline$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    })
    expect((await ask({ action: 'synchronize' })).note).toBe(
      'Reading who applied the override label clerk-override failed: the token may not write here (403 "Resource not accessible by integration"). A pull request from a fork always gets a read-only token; otherwise grant the job `permissions: pull-requests: read`. The findings are in the job summary.',
    )
    github.fail({ method: 'GET', path: /\/timeline$/, status: 404, body: { message: 'Not Found' } })
    const notFound = await ask({ action: 'synchronize' }, { context: context({}, { eventName: 'schedule' }) })
    expect(notFound.note).toBe(
      'Reading who applied the override label clerk-override failed: GitHub answered 404; the token may not see this repository, or needs `permissions: pull-requests: read`.',
    )
    expect(notFound.by).toBeUndefined()
  })
})
