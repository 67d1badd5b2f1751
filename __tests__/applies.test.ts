import { describeNeeds, skipFor } from '../src/runner/applies.js'
import { createCheckTools, type Need } from '../src/runner/check.js'
import { CHECKS } from '../src/checks/index.js'
import { dnsCnameCheck } from '../src/checks/dns-cname.js'
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
]

describe('what a check needs, said once by the runner', () => {
  it.each(UNMET)('skips every check that needs $need when it is not met, naming the input', async unmet => {
    const { outcome, results } = await runScenario({
      inputs: unmet.inputs,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, ...unmet.env },
    })
    if (!outcome.ok) throw new Error('the plan should be valid')
    const needing = CHECKS.filter(c => c.needs.includes(unmet.need))
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
    const productionOnly = CHECKS.filter(c => !c.appliesTo.includes('development'))
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

  it('reports a check run without what it declared it needs as its error, not as a silent pass', async () => {
    const { outcome } = await runScenario({ inputs: production, env: { CLERK_PUBLISHABLE_KEY: '' } })
    if (!outcome.ok) throw new Error('the plan should be valid')
    await expect(dnsCnameCheck.run(outcome.plan, createCheckTools(outcome.plan))).rejects.toThrow(
      'ran without what it needs (domain)',
    )
  })

  it('has a reader’s wording for every need, for the generated reference', () => {
    const needs = [...new Set(CHECKS.flatMap(c => c.needs))]
    const texts = describeNeeds(needs)
    expect(new Set(texts).size).toBe(needs.length)
    for (const text of texts) expect(text.length).toBeGreaterThan(5)
  })
})
