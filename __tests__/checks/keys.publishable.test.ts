import { publishableKey, PK_LIVE, PK_TEST } from '../../test-support/keys.js'
import { only, runScenario } from '../../test-support/scenario.js'

const production = { environment: 'production' }

describe('keys.publishable', () => {
  it('passes a live key in production and names the variable it came from', async () => {
    const { results } = await runScenario({ inputs: production, env: { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    expect(only(results, 'keys.publishable')).toMatchObject({
      subject: 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY',
      status: 'pass',
      evidence: { frontendApi: 'clerk.example.com' },
    })
  })

  it('fails a test key in production, saying which key, why and the fix', async () => {
    const { results } = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: PK_TEST } })
    const r = only(results, 'keys.publishable')
    expect(r.status).toBe('fail')
    expect(r.message).toBe(
      'CLERK_PUBLISHABLE_KEY is a pk_test_ key of a development instance, but production needs a production instance (pk_live_…)',
    )
    expect(r.fix).toContain('pk_live_')
  })

  it('fails a live key in preview', async () => {
    const { results } = await runScenario({ inputs: { environment: 'preview', 'publishable-key': PK_LIVE } })
    expect(only(results, 'keys.publishable')).toMatchObject({ subject: 'publishable-key', status: 'fail' })
  })

  it('prefers the input over the variables, and the variables over the file (a pull request writes the file)', async () => {
    const fromInput = await runScenario({
      inputs: { environment: 'preview', 'publishable-key': PK_TEST },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(fromInput.results, 'keys.publishable')).toMatchObject({ subject: 'publishable-key', status: 'pass' })
    const config = `environments:\n  preview:\n    publishable-key: ${PK_TEST}\n`
    const overFile = await runScenario({
      inputs: { environment: 'preview' },
      config,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(overFile.results, 'keys.publishable')).toMatchObject({
      subject: 'CLERK_PUBLISHABLE_KEY',
      status: 'fail',
    })
    const fromFile = await runScenario({ inputs: { environment: 'preview' }, config })
    expect(only(fromFile.results, 'keys.publishable')).toMatchObject({ subject: 'configuration file', status: 'pass' })
  })

  it('fails when variables disagree, naming them', async () => {
    const { results } = await runScenario({
      inputs: production,
      env: {
        CLERK_PUBLISHABLE_KEY: PK_LIVE,
        VITE_CLERK_PUBLISHABLE_KEY: PK_LIVE,
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.other.com'),
      },
    })
    const conflict = results.find(r => r.id === 'keys.publishable' && r.status === 'fail')
    expect(conflict?.message).toContain(
      'CLERK_PUBLISHABLE_KEY, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY hold different publishable keys',
    )
    expect(conflict?.message).not.toContain('VITE_')
  })

  it('fails when no key is anywhere', async () => {
    const { results } = await runScenario({ inputs: production })
    expect(only(results, 'keys.publishable')).toMatchObject({ status: 'fail', subject: 'publishable-key' })
    expect(only(results, 'keys.frontend-api').status).toBe('skip')
    expect(only(results, 'keys.pair').status).toBe('skip')
  })

  it('fails a malformed key without echoing it', async () => {
    const bad = 'pk_live_' + Buffer.from('clerk.example.com').toString('base64')
    const { results } = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: bad } })
    const r = only(results, 'keys.publishable')
    expect(r.status).toBe('fail')
    expect(r.message).toContain('does not decode to a Frontend API host followed by "$"')
    expect(JSON.stringify(results)).not.toContain(bad.slice(8))
  })
})

describe('keys.publishable, legacy keys', () => {
  it('warns about a legacy live_ publishable key, with its instance type read as Clerk’s SDK reads it', async () => {
    const legacy = `live_${Buffer.from('clerk.example.com$').toString('base64')}`
    const { results } = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: legacy } })
    const r = only(results, 'keys.publishable')
    expect(r).toMatchObject({ status: 'warn', evidence: { instanceType: 'production', legacy: true } })
    expect(r.message).toContain('parsePublishableKey')
    expect(JSON.stringify(results)).not.toContain(legacy)
    expect(only(results, 'keys.frontend-api').status).toBe('pass')
  })
})
