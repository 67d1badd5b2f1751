import { OTHER_SECRET, WEBHOOK_SECRET, describeLive, liveWorld } from '../../test-support/live-world.js'

const world = liveWorld()
const { live, of } = world

describeLive('webhooks.endpoint', () => {
  const probe = async (path: string, secret?: string, host = 'example.com') =>
    of(await live({ 'webhook-url': `https://${host}${path}` }, { webhookSecret: secret }), 'webhooks.endpoint')[0]

  it("passes an endpoint that refuses unsigned events and accepts this environment's signature (checked by standardwebhooks)", async () => {
    const r = await probe('/api/webhooks/clerk', WEBHOOK_SECRET)
    expect(r).toMatchObject({ status: 'pass', evidence: { unsigned: 400, signed: 200, randomlySigned: 400 } })
  })

  it.each([
    ['/api/webhooks/clerk', OTHER_SECRET, "another instance's"],
    ['/api/no-secret-deployed', WEBHOOK_SECRET, 'CLERK_WEBHOOK_SIGNING_SECRET'],
  ])(
    '%s: fails an endpoint that answers this secret as it answers a random one: it does not verify with it',
    async (path, secret, cause) => {
      const r = await probe(path, secret)
      expect(r).toMatchObject({ status: 'fail', evidence: { unsigned: 400, signed: 400, randomlySigned: 400 } })
      expect(r?.message).toContain('does not verify with this secret')
      expect(r?.fix).toContain(cause)
      expect(JSON.stringify(r)).not.toContain(secret.slice(6, 20))
    },
  )

  it('warns, not fails, an endpoint that verified and then refused an event type it has no case for', async () => {
    const r = await probe('/api/unknown-type', WEBHOOK_SECRET)
    expect(r).toMatchObject({ status: 'warn', evidence: { unsigned: 400, signed: 422, randomlySigned: 400 } })
    expect(r?.message).toContain('verified a POST signed with CLERK_WEBHOOK_SIGNING_SECRET')
    expect(r?.fix).toContain('answer 200 for event types it does not act on')
  })

  it('fails an endpoint that accepts a randomly signed POST: it checks that the headers are there, not the signature', async () => {
    const r = await probe('/api/headers-only', WEBHOOK_SECRET)
    expect(r).toMatchObject({ status: 'fail', evidence: { signed: 200, randomlySigned: 200 } })
    expect(r?.message).toContain('random secret')
  })

  it.each([
    [
      '/api/behind-clerk',
      '404 with x-clerk-auth-status: signed-out, x-clerk-auth-reason: session-token-and-uat-missing',
    ],
    ['/api/behind-express', '302 (a redirect to the sign-in page)'],
  ])("%s: fails a route behind Clerk's middleware, naming createRouteMatcher", async (path, said) => {
    const r = await probe(path, WEBHOOK_SECRET)
    expect(r?.status).toBe('fail')
    expect(r?.message).toContain(said)
    expect(r?.message).toContain("behind Clerk's middleware")
    expect(r?.fix).toContain('createRouteMatcher')
    expect(r?.fix).not.toContain('final URL')
  })

  it.each([
    ['/api/open', 'accepts any request'],
    ['/api/missing', 'no handler is deployed at this URL'],
    ['/api/protected', 'authentication middleware in front of it'],
  ])('fails %s', async (path, text) => {
    const r = await probe(path, WEBHOOK_SECRET)
    expect(r?.status).toBe('fail')
    expect(r?.message).toContain(text)
  })

  it.each([
    ['/api/moved', 'fail', 'a redirect elsewhere'],
    ['/api/crash', 'warn', 'by failing rather than with a 4xx'],
    ['/api/crash-on-events', 'warn', 'then refused its event type'],
  ])('judges %s: %s', async (path, status, text) => {
    const r = await probe(path, WEBHOOK_SECRET)
    expect(r?.status).toBe(status)
    expect(r?.message).toContain(text)
  })

  it('fails an endpoint that cannot be reached, and skips without webhook-url', async () => {
    const r = await probe('/api/webhooks/clerk', WEBHOOK_SECRET, 'clerk.refused.example')
    expect(r?.status).toBe('fail')
    expect(r?.message).toContain('refused the connection')
    expect(of(await live({}), 'webhooks.endpoint')[0]?.status).toBe('skip')
  })

  it('warns about a production endpoint off the production domain, and passes without a secret with a note', async () => {
    const tunnel = await probe('/api/webhooks/clerk', WEBHOOK_SECRET, 'tunnel.example.net')
    expect(tunnel?.status).toBe('warn')
    expect(tunnel?.message).toContain('is not on example.com')
    const unsignedOnly = await probe('/api/webhooks/clerk')
    expect(unsignedOnly?.status).toBe('pass')
    expect(unsignedOnly?.message).toContain('was not checked')
  })

  it('never sends the signing secret, only a signature', async () => {
    const before = world.web.requests.length
    await probe('/api/webhooks/clerk', WEBHOOK_SECRET)
    const sent = world.web.requests.slice(before).filter(r => r.method === 'POST')
    expect(sent).toHaveLength(4)
    expect(JSON.stringify(sent)).not.toContain(WEBHOOK_SECRET.slice(6))
    const signatures = sent.flatMap(r => (r.headers['svix-signature'] ? [r.headers['svix-signature']] : []))
    expect(signatures).toHaveLength(3)
    for (const signature of signatures) expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/)
    expect(new Set(signatures).size).toBe(3)
  })
})
