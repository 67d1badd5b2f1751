import { PK_LIVE, SK_LIVE, SK_TEST } from '../../test-support/keys.js'
import { only, runScenario } from '../../test-support/scenario.js'

const production = { environment: 'production' }

describe('keys.secret', () => {
  it('passes and fails by instance type', async () => {
    const ok = await runScenario({ inputs: production, secretKey: SK_LIVE, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(ok.results, 'keys.secret')).toMatchObject({ status: 'pass', subject: 'CLERK_SECRET_KEY' })
    const bad = await runScenario({ inputs: production, secretKey: SK_TEST, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(bad.results, 'keys.secret')).toMatchObject({ status: 'fail' })
    expect(only(bad.results, 'keys.secret').message).toContain('needs a production instance (sk_live_…)')
  })

  it('warns when absent and when legacy', async () => {
    const none = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(none.results, 'keys.secret').status).toBe('warn')
    const legacy = await runScenario({
      inputs: production,
      secretKey: 'live_FAKElegacy00000000000000',
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(legacy.results, 'keys.secret')).toMatchObject({ status: 'warn' })
    expect(only(legacy.results, 'keys.secret').message).toContain('legacy prefix live_')
  })

  it('fails a malformed secret and never puts any part of it in a result', async () => {
    const secret = 'sk_live_FAKE secret with spaces 0000000000'
    const { results } = await runScenario({ inputs: production, secretKey: secret })
    expect(only(results, 'keys.secret')).toMatchObject({ status: 'fail' })
    const text = JSON.stringify(results)
    for (let i = 0; i + 12 <= secret.length; i++) expect(text).not.toContain(secret.slice(i, i + 12))
  })
})
