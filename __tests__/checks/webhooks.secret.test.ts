import { secretFingerprint } from '../../src/checks/webhooks-secret.js'
import type { CheckResult } from '../../src/report/model.js'
import { PK_LIVE } from '../../test-support/keys.js'
import { runScenario } from '../../test-support/scenario.js'

const of = (results: CheckResult[], id: string) => results.filter(r => r.id === id)
const production = (inputs: Record<string, string> = {}, more: Parameters<typeof runScenario>[0] = {}) =>
  runScenario({ inputs: { environment: 'production', ...inputs }, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE }, ...more })

describe('webhooks.secret', () => {
  const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`

  it('passes a well-formed secret and reports its fingerprint, never the secret', async () => {
    const { results } = await production({}, { webhookSecret: secret })
    const [r] = of(results, 'webhooks.secret')
    expect(r).toMatchObject({ status: 'pass', evidence: { fingerprint: await secretFingerprint(secret) } })
    expect(JSON.stringify(results)).not.toContain(secret.slice(6, 18))
  })

  it.each([
    'whsec_',
    'whsec_not*base64',
    'sk_live_FAKEFAKEFAKEFAKEFAKE',
    `whsec_${Buffer.from('short').toString('base64')}`,
  ])('fails %j without quoting it', async bad => {
    const { results } = await production({}, { webhookSecret: bad })
    expect(of(results, 'webhooks.secret')[0]?.status).toBe('fail')
    if (bad.length > 14) expect(JSON.stringify(results)).not.toContain(bad.slice(2, 14))
  })

  it("warns when the secret is only in CLERK_WEBHOOK_SECRET, which Clerk's verifyWebhook() does not read", async () => {
    // clerk/javascript, packages/backend/src/webhooks.ts: `options.signingSecret ?? getEnvVariable('CLERK_WEBHOOK_SIGNING_SECRET')`.
    const { results } = await production({}, { webhookSecret: secret, webhookSecretSource: 'CLERK_WEBHOOK_SECRET' })
    const found = of(results, 'webhooks.secret')
    expect(found.map(r => [r.subject, r.status])).toEqual([
      ['CLERK_WEBHOOK_SECRET', 'pass'],
      ['CLERK_WEBHOOK_SECRET', 'warn'],
    ])
    expect(found[1]?.fix).toContain('`CLERK_WEBHOOK_SIGNING_SECRET`')
    const named = await production({}, { webhookSecret: secret })
    expect(of(named.results, 'webhooks.secret').map(r => r.status)).toEqual(['pass'])
  })

  it('fails production when the secret is the one recorded for another environment', async () => {
    const config = `environments:\n  development:\n    webhook-secret-fingerprint: "${await secretFingerprint(secret)}"\n`
    const { results } = await production({}, { webhookSecret: secret, config })
    const [r] = of(results, 'webhooks.secret')
    expect(r?.status).toBe('fail')
    expect(r?.message).toContain('recorded for development')
  })

  it('warns when the secret is not the one recorded for this environment', async () => {
    const config = 'environments:\n  production:\n    webhook-secret-fingerprint: "0000000000000000"\n'
    const { results } = await production({}, { webhookSecret: secret, config })
    expect(of(results, 'webhooks.secret')[0]?.status).toBe('warn')
  })

  it('tells to quote a fingerprint that YAML read as a number', async () => {
    const { results } = await production(
      {},
      {
        webhookSecret: secret,
        config: 'environments:\n  production:\n    webhook-secret-fingerprint: 0000000000000000\n',
      },
    )
    expect(of(results, 'config')[0]).toMatchObject({ status: 'fail', evidence: { line: 3 } })
    expect(of(results, 'config')[0]?.message).toContain('must be a quoted string')
  })

  it('is skipped without a secret', async () => {
    expect(of((await production()).results, 'webhooks.secret')[0]?.status).toBe('skip')
  })
})
