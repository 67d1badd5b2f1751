import { PK_TEST, SK_LIVE, SK_TEST } from '../../test-support/keys.js'
import { only, runScenario } from '../../test-support/scenario.js'

describe('keys.pair', () => {
  it('fails keys of different instance types', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'development' },
      secretKey: SK_LIVE,
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    expect(only(results, 'keys.pair')).toMatchObject({
      status: 'fail',
      evidence: { publishable: 'pk_test_', secret: 'sk_live_' },
    })
  })
  it('passes keys of one instance type', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'development' },
      secretKey: SK_TEST,
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    expect(only(results, 'keys.pair').status).toBe('pass')
  })
})
