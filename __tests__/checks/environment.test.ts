import { publishableKey, PK_LIVE, PK_TEST, SK_LIVE } from '../../test-support/keys.js'
import { only, runScenario } from '../../test-support/scenario.js'

describe('environment', () => {
  it('reports the environment, its source and the instance type it needs', async () => {
    const { results } = await runScenario({
      clues: { eventName: 'deployment_status', deploymentEnvironment: 'Production – web' },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(results, 'environment')).toMatchObject({
      subject: 'production',
      status: 'pass',
      evidence: { source: 'deployment', detail: 'Production – web', instanceType: 'production' },
    })
  })

  it('lets the file make staging a production instance', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'staging' },
      config: 'environments:\n  staging:\n    instance-type: production\n    domain: example.com\n',
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(only(results, 'keys.publishable').status).toBe('pass')
    expect(results.find(r => r.id === 'environment' && r.status !== 'pass')).toBeUndefined()
  })

  // Clerk's guide: staging is a separate Clerk application whose production instance serves the staging domain
  // (clerk.com/docs/deployments/set-up-staging); sharing production's instance is the discouraged alternative.
  describe('staging', () => {
    const stagingKey = publishableKey('live', 'clerk.staging-example.com')

    // Clerk recommends a production instance of a separate application, and does not require one (clerk-docs,
    // guides/development/managing-environments.mdx): a development instance is a warn, and is judged as one.
    it('warns on a development instance by default, with the recommendation, and the file can say development', async () => {
      const dev = await runScenario({ inputs: { environment: 'staging' }, env: { CLERK_PUBLISHABLE_KEY: PK_TEST } })
      const environment = only(dev.results, 'environment')
      expect(environment).toMatchObject({
        status: 'warn',
        evidence: { instanceType: 'development', instanceTypeFrom: 'key' },
      })
      expect(environment.fix).toContain('separate Clerk application')
      expect(only(dev.results, 'keys.publishable').status).toBe('pass')
      expect(dev.results.filter(r => r.status === 'fail')).toEqual([])
      const secretMismatch = await runScenario({
        inputs: { environment: 'staging' },
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
        secretKey: SK_LIVE,
      })
      expect(only(secretMismatch.results, 'keys.secret').status).toBe('fail')
      const own = await runScenario({ inputs: { environment: 'staging' }, env: { CLERK_PUBLISHABLE_KEY: stagingKey } })
      expect(only(own.results, 'keys.publishable').status).toBe('pass')
      expect(only(own.results, 'keys.frontend-api').status).toBe('pass')
      const optedOut = await runScenario({
        inputs: { environment: 'staging' },
        config: 'environments:\n  staging:\n    instance-type: development\n',
        env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
      })
      expect(only(optedOut.results, 'keys.publishable').status).toBe('pass')
      expect(only(optedOut.results, 'environment').status).toBe('pass')
    })

    it.each([
      ["production's publishable key", `environments:\n  production:\n    publishable-key: ${PK_LIVE}\n`],
      ["production's domain", 'environments:\n  production:\n    domain: example.com\n'],
    ])("fails staging on the production environment's instance, known from %s", async (_, config) => {
      const { results } = await runScenario({
        inputs: { environment: 'staging' },
        config,
        env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
      })
      const r = only(results, 'keys.frontend-api')
      expect(r).toMatchObject({ status: 'fail', subject: 'clerk.example.com' })
      expect(r.message).toContain("staging uses the production environment's own instance")
      expect(r.fix).toContain('separate Clerk application')
    })

    it('passes staging on a separate application while the file knows production', async () => {
      const { results } = await runScenario({
        inputs: { environment: 'staging' },
        config: `environments:\n  production:\n    publishable-key: ${PK_LIVE}\n    domain: example.com\n`,
        env: { CLERK_PUBLISHABLE_KEY: stagingKey },
      })
      expect(only(results, 'keys.frontend-api')).toMatchObject({ status: 'pass', subject: 'clerk.staging-example.com' })
    })
  })

  it('fails a production-instance preview served from a hosting domain', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'preview', url: 'https://my-app-git-feature.vercel.app/' },
      config: 'environments:\n  preview:\n    instance-type: production\n',
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    const fail = results.find(r => r.id === 'environment' && r.status === 'fail')
    expect(fail).toMatchObject({ subject: 'https://my-app-git-feature.vercel.app' })
    expect(fail?.message).toContain('it is on vercel.app, a shared domain in the Public Suffix List')
  })

  it('passes a production-instance preview on a subdomain, and warns when its origin is unknown', async () => {
    const config = 'environments:\n  preview:\n    instance-type: production\n'
    const onSub = await runScenario({
      inputs: { environment: 'preview', 'app-origins': 'https://preview.example.com' },
      config,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(onSub.results.filter(r => r.id === 'environment').map(r => r.status)).toEqual(['pass'])
    const unknown = await runScenario({
      inputs: { environment: 'preview' },
      config,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
    })
    expect(unknown.results.filter(r => r.id === 'environment').map(r => r.status)).toEqual(['pass', 'warn'])
  })

  it('needs an instance type for a custom environment', async () => {
    const { outcome, results } = await runScenario({
      inputs: { environment: 'qa' },
      config: 'environments:\n  qa:\n    domain: example.com\n',
    })
    expect(outcome.ok).toBe(false)
    expect(only(results, 'config')).toMatchObject({
      status: 'fail',
      evidence: { field: 'environments.qa.instance-type', line: 3 },
    })
  })
})
