import { only, runScenario } from '../test-support/scenario.js'

describe('config results', () => {
  it('takes phase and the bypass from the workflow only: refused in the file, and phase checked as an input', async () => {
    const inFile = await runScenario({ inputs: { environment: 'preview' }, config: 'phase: after-deploy\n' })
    const refused = only(inFile.results, 'config')
    expect(refused).toMatchObject({ status: 'fail' })
    expect(refused.message).toContain('decides the gate or where data goes')
    expect(refused.fix).toContain('with: phase:')
    const bypass = await runScenario({
      inputs: { environment: 'preview' },
      config: 'vercel-protection-bypass: FAKEvercelBYPASSsecret000notreal\n',
    })
    expect(only(bypass.results, 'config').message).toContain('holds a secret')
    expect(JSON.stringify(bypass.results)).not.toContain('FAKEvercelBYPASS')
    const wrong = only((await runScenario({ inputs: { environment: 'preview', phase: 'later' } })).results, 'config')
    expect(wrong.fix).toBe('Set the input `phase` to auto, before-deploy or after-deploy.')
  })

  it('turns every bad input into a failing config result and skips every check', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'production', 'fail-on': 'sometimes', 'dns-timeout-ms': 'soon' },
    })
    const config = results.filter(r => r.id === 'config')
    expect(config.map(r => [r.subject, r.status])).toEqual([
      ['dns-timeout-ms', 'fail'],
      ['fail-on', 'fail'],
    ])
    expect(config[1]?.fix).toBe('Set the input `fail-on` to error, warning or never.')
    expect(results.filter(r => r.id !== 'config').every(r => r.status === 'skip')).toBe(true)
  })

  it('is a config failure when no environment can be inferred', async () => {
    const { results } = await runScenario({ clues: { eventName: 'push', ref: 'refs/heads/feature' } })
    expect(only(results, 'config').message).toContain('no target environment')
  })
})
