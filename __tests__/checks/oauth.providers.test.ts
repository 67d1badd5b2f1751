import { PK_TEST, publishableKey } from '../../test-support/keys.js'
import { describeLive, liveWorld } from '../../test-support/live-world.js'

const world = liveWorld()
const { live, of } = world

describeLive('oauth.providers', () => {
  it('fails a connection enabled in development and missing in production, with the redirect URI to register', async () => {
    const results = of(await live({ 'development-publishable-key': PK_TEST }), 'oauth.providers')
    expect(results.map(r => [r.subject, r.status])).toEqual([
      ['oauth_google', 'pass'],
      ['oauth_github', 'pass'],
      ['oauth_discord', 'fail'],
      ['oauth_custom_acme', 'pass'],
    ])
    expect(results[2]?.fix).toContain('`https://clerk.example.com/v1/oauth_callback`')
    expect(results[0]?.message).toContain('without platform-api-key')
  })

  it('with a Platform API key, fails an enabled connection without its own credentials, as `clerk deploy status` does', async () => {
    const results = of(
      await live({ 'development-publishable-key': PK_TEST }, { platformApiKey: 'ak_FAKEplatformKEY000notreal00' }),
      'oauth.providers',
    )
    expect(results.map(r => [r.subject, r.status])).toEqual([
      ['oauth_google', 'pass'],
      ['oauth_github', 'fail'],
      ['oauth_discord', 'fail'],
      ['oauth_custom_acme', 'skip'],
    ])
    expect(results[1]?.message).toContain('without its own credentials (client_id, client_secret)')
    expect(results[3]?.message).toContain('schema does not describe its credentials')
    expect(world.platformRequests.some(r => r.includes('/config/schema?keys=connection_oauth_google&keys='))).toBe(true)
    expect(results[0]?.fix).toBeUndefined()
    expect(world.platformRequests.every(r => r.endsWith('authorized'))).toBe(true)
  })

  it('names the Google consent screen, and gives the proxy’s redirect URI when there is one', async () => {
    const [google] = of(
      await live(
        { 'development-publishable-key': PK_TEST, domain: 'nogoogle.example' },
        { key: publishableKey('live', 'clerk.nogoogle.example') },
      ),
      'oauth.providers',
    )
    expect(google).toMatchObject({ subject: 'oauth_google', status: 'fail' })
    expect(google?.fix).toContain('`https://clerk.nogoogle.example/v1/oauth_callback`')
    expect(google?.fix).toContain('"In production"')
    const proxied = of(
      await live({ 'development-publishable-key': PK_TEST, 'proxy-url': 'https://example.com/__clerk' }),
      'oauth.providers',
    )
    expect(proxied.find(r => r.status === 'fail')?.fix).toContain('`https://example.com/__clerk/v1/oauth_callback`')
  })

  it('skips without a development key, and is an error when a Frontend API cannot be read', async () => {
    expect(of(await live({}), 'oauth.providers')[0]?.message).toContain('development-publishable-key')
    const [unread] = of(
      await live(
        { 'development-publishable-key': PK_TEST, domain: 'badjson.example' },
        { key: publishableKey('live', 'clerk.badjson.example') },
      ),
      'oauth.providers',
    )
    expect(unread).toMatchObject({ status: 'error' })
    expect(unread?.message).toContain("production instance's Frontend API could not be read")
  })
})
