import { DEV_HOST, PK_TEST, publishableKey } from '../../test-support/keys.js'
import { describeLive, liveWorld } from '../../test-support/live-world.js'

const world = liveWorld()
const { live, of } = world

describeLive('deploy.frontend-api', () => {
  it("passes when the Frontend API answers for the key's instance type", async () => {
    expect(of(await live({}), 'deploy.frontend-api')[0]).toMatchObject({
      subject: 'clerk.example.com',
      status: 'pass',
      evidence: { instanceEnvironmentType: 'production' },
    })
  })

  it('fails in production when it answers with something that is not JSON, or not at all', async () => {
    const [notJson] = of(
      await live({ domain: 'badjson.example' }, { key: publishableKey('live', 'clerk.badjson.example') }),
      'deploy.frontend-api',
    )
    expect(notJson).toMatchObject({ status: 'fail' })
    expect(notJson?.message).toContain('not JSON')
    const [refused] = of(
      await live({ domain: 'refused.example' }, { key: publishableKey('live', 'clerk.refused.example') }),
      'deploy.frontend-api',
    )
    expect(refused).toMatchObject({ status: 'fail' })
    expect(refused?.fix).toContain('Deploy certificates')
  })
})

describeLive('deploy.frontend-api, outside production', () => {
  it("passes a development instance's Frontend API, warns when it is unreachable, and fails one that says production", async () => {
    const ask = async (host: string) =>
      of(
        await live({ environment: 'preview', url: 'https://example.com/' }, { key: publishableKey('test', host) }),
        'deploy.frontend-api',
      )[0]
    expect(await ask(DEV_HOST)).toMatchObject({ subject: DEV_HOST, status: 'pass' })
    const away = await ask('nobody-home-00.clerk.accounts.dev')
    expect(away).toMatchObject({ status: 'warn' })
    expect(away?.message).toContain('has no address record')
    expect(await ask('liar-owl-00.clerk.accounts.dev')).toMatchObject({ status: 'fail' })
  })

  it('does not probe a preview with live-checks auto and no url, and skips without a key', async () => {
    expect(of(await live({ environment: 'preview' }, { key: PK_TEST }), 'deploy.frontend-api')[0]?.message).toContain(
      'live-checks auto',
    )
    expect(of(await live({}, { key: 'pk_live_' }), 'deploy.frontend-api')[0]?.status).toBe('skip')
  })
})
