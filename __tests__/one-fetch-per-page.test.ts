import { PK_TEST } from '../test-support/keys.js'
import { describeLive, wiredWorld } from '../test-support/wired-world.js'
import type { HttpsTestServer } from '../test-support/https-server.js'

/**
 * Every check shares one request per URL and request headers in a run (src/web/answer-cache.ts, made by the runner's
 * tools): counted at the stand-in server, which records every request it gets, each page is asked once however many
 * checks read it (the page by deploy.middleware, csp and deploy.publishable-key; the Frontend API's environment by
 * deploy.frontend-api, csp and keys.frontend-api).
 */
describeLive('one request per page and request headers in a run', () => {
  const world = wiredWorld('one-fetch-per-page')

  /** What makes two requests the same one: where, how, and every header the action sets. */
  const requestKey = (r: HttpsTestServer['requests'][number]) =>
    [
      r.method,
      `${r.host}${r.path}${r.search}`,
      ...['accept', 'sec-fetch-dest', 'sec-fetch-mode', 'cookie', 'origin', 'authorization'].map(
        name => `${name}=${String(r.headers[name] ?? '')}`,
      ),
    ].join(' ')

  const repeated = (since: number) => {
    const counts = new Map<string, number>()
    for (const request of world.web.requests.slice(since)) {
      const key = requestKey(request)
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return [...counts].filter(([, count]) => count > 1)
  }

  it('asks the page once for deploy.middleware, csp and deploy.publishable-key, and the Frontend API once', async () => {
    const since = world.web.requests.length
    const results = await world.run(
      { url: 'https://example.com/', 'protected-paths': '/dashboard' },
      { env: { CLERK_FAPI_URL: '' } },
    )
    // The checks that read the page and the Frontend API all ran on what they got.
    for (const id of ['deploy.middleware', 'csp', 'deploy.publishable-key', 'deploy.frontend-api', 'deploy.server-key'])
      expect(results.find(r => r.id === id)?.status).not.toBe('error')
    const page = world.web.requests
      .slice(since)
      .filter(r => r.host === 'example.com' && r.path === '/' && !r.headers.cookie)
    expect(page).toHaveLength(1)
    const environment = world.web.requests
      .slice(since)
      .filter(r => r.host === 'clerk.example.com' && r.path === '/v1/environment' && !r.headers.origin)
    expect(environment).toHaveLength(1)
    expect(repeated(since)).toEqual([])
  })

  it("asks a development key's page once as a document and once as a fetch, whichever checks ask", async () => {
    const since = world.web.requests.length
    await world.run(
      {
        environment: 'preview',
        'publishable-key': PK_TEST,
        url: 'https://dev-key.example/',
        'protected-paths': '/dashboard',
      },
      { secretKey: null },
    )
    const page = world.web.requests
      .slice(since)
      .filter(r => r.host === 'dev-key.example' && r.path === '/' && !r.headers.cookie)
    expect(page.map(r => r.headers['sec-fetch-dest']).sort()).toEqual(['document', 'empty'])
    expect(repeated(since)).toEqual([])
  })
})
