import { describeNeeds, handOver, skipFor } from '../src/checks/shared/needs.js'
import { defineCheck, type Check, type Need } from '../src/checks/shared/check.js'
import { CHECKS } from '../src/checks/index.js'
import { runScenario } from '../test-support/scenario.js'
import { PK_LIVE, PK_TEST, SK_LIVE } from '../test-support/keys.js'

const production = { environment: 'production' }

/** For each need, inputs that meet everything else a production run's checks need, and leave this one unmet. */
const UNMET: Array<{ need: Need; inputs: Record<string, string>; env?: Record<string, string>; message: RegExp }> = [
  { need: 'url', inputs: { ...production, 'live-checks': 'true' }, message: /no deployed URL: set `url`/ },
  {
    need: 'app-origins',
    inputs: { ...production, 'live-checks': 'true' },
    env: { CLERK_PUBLISHABLE_KEY: PK_TEST }, // a development key names no production domain, so no origin follows
    message: /no app origin to ask for/,
  },
  { need: 'webhook-url', inputs: { ...production, 'live-checks': 'true' }, message: /set `webhook-url`/ },
  { need: 'domain', inputs: production, env: { CLERK_PUBLISHABLE_KEY: '' }, message: /no production domain/ },
  { need: 'two-dns-servers', inputs: production, message: /two or more dns-servers/ },
  { need: 'platform-api-key', inputs: { ...production, 'live-checks': 'true' }, message: /`platform-api-key`/ },
  { need: 'webhook-signing-secret', inputs: production, message: /no webhook signing secret/ },
  { need: 'clerk-api', inputs: { ...production, 'clerk-api': 'false' }, message: /clerk-api is false/ },
  { need: 'live-checks', inputs: { ...production, 'live-checks': 'false' }, message: /live-checks is false/ },
  { need: 'publishable-key', inputs: production, env: { CLERK_PUBLISHABLE_KEY: '' }, message: /missing or malformed/ },
  { need: 'secret-key', inputs: production, message: /secret key is missing or malformed/ },
  { need: 'proxy-url', inputs: production, message: /no proxy-url: the instance is reached at its clerk\. CNAME/ },
  {
    need: 'development-publishable-key',
    inputs: { ...production, 'live-checks': 'true' },
    message: /no development publishable key to compare with/,
  },
  {
    need: 'development-publishable-key',
    inputs: { ...production, 'live-checks': 'true', 'development-publishable-key': PK_LIVE },
    message: /is not a development instance's publishable key/,
  },
  {
    need: 'frontend-api',
    inputs: { ...production, url: 'https://example.com/' },
    env: { CLERK_PUBLISHABLE_KEY: 'pk_live_damaged' },
    message: /no Frontend API host: the publishable key is missing or malformed/,
  },
]

const registered: readonly Check[] = CHECKS

describe('what a check needs, said once by the runner', () => {
  it.each(UNMET)('skips every check that needs $need when it is not met, naming the input', async unmet => {
    const { outcome, results } = await runScenario({
      inputs: unmet.inputs,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, ...unmet.env },
    })
    if (!outcome.ok) throw new Error('the plan should be valid')
    const needing = registered.filter(c => c.needs.includes(unmet.need))
    expect(needing.length).toBeGreaterThan(0)
    for (const check of needing) {
      // The first unmet need in declaration order is the one said; where it is this one, it reads the same everywhere.
      const skip = skipFor(check, outcome.plan)
      expect(skip).toBeDefined()
      const result = results.filter(r => r.id === check.id)
      expect(result).toEqual([expect.objectContaining({ status: 'skip', subject: skip?.subject })])
      if (skip?.message.match(unmet.message)) expect(result[0]?.message).toBe(skip.message)
    }
    expect(needing.some(check => skipFor(check, outcome.plan)?.message.match(unmet.message))).toBe(true)
  })

  it('skips production-only checks on a development instance with one wording, before any need', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'preview' },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    const productionOnly = registered.filter(c => !c.appliesTo.includes('development'))
    expect(productionOnly.map(c => c.id)).toEqual(expect.arrayContaining(['dns.cname', 'oauth.providers']))
    for (const check of productionOnly) {
      expect(results.filter(r => r.id === check.id)).toEqual([
        {
          id: check.id,
          title: check.title,
          subject: 'preview',
          status: 'skip',
          message: 'applies to production instances; preview uses a development instance',
        },
      ])
    }
  })

  it('runs a check whose needs are met', async () => {
    const { results } = await runScenario({
      inputs: production,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE },
      secretKey: SK_LIVE,
    })
    expect(results.find(r => r.id === 'keys.pair')?.status).not.toBe('skip')
  })

  it('hands a check what it declared, parsed, and what it uses only when the plan has it', async () => {
    const { outcome } = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE } })
    if (!outcome.ok) throw new Error('the plan should be valid')
    const check = defineCheck({
      ...CHECKS[0],
      id: 'test.handed',
      needs: ['publishable-key', 'domain'],
      uses: ['secret-key', 'app-origins'],
      run(inputs) {
        // @ts-expect-error: a need the check did not declare is not among its inputs.
        void inputs.webhookUrl
        return [{ subject: inputs.domain.value, status: 'pass', message: inputs.publishableKey.parsed.frontendApi }]
      },
    })
    const handed = handOver(check, outcome.plan)
    if (!('inputs' in handed)) throw new Error('the check should run')
    expect(handed.inputs.publishableKey).toMatchObject({
      source: 'CLERK_PUBLISHABLE_KEY',
      parsed: { ok: true, instanceType: 'production', frontendApi: 'clerk.example.com' },
    })
    expect(handed.inputs.domain).toEqual({ value: 'example.com', source: 'publishable key' })
    expect(handed.inputs.appOrigins).toEqual({ value: ['https://example.com'], source: 'default' })
    expect('secretKey' in handed.inputs).toBe(false)
    expect(Object.keys(handed.inputs).sort()).toEqual(['appOrigins', 'domain', 'plan', 'publishableKey'])
  })

  it('has a reader’s wording for every need, for the generated reference', () => {
    const needs = [...new Set(registered.flatMap(c => c.needs))]
    const texts = describeNeeds(needs)
    expect(new Set(texts).size).toBe(needs.length)
    for (const text of texts) expect(text.length).toBeGreaterThan(5)
  })
})
