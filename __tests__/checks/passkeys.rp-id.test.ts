import type { CheckResult } from '../../src/report/model.js'
import { PK_LIVE, PK_TEST, publishableKey } from '../../test-support/keys.js'
import { runScenario } from '../../test-support/scenario.js'

const of = (results: CheckResult[], id: string) => results.filter(r => r.id === id)
const production = (inputs: Record<string, string> = {}, more: Parameters<typeof runScenario>[0] = {}) =>
  runScenario({ inputs: { environment: 'production', ...inputs }, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE }, ...more })

describe('passkeys.rp-id', () => {
  it('passes the domain and its subdomains, and warns elsewhere when passkeys are off', async () => {
    const { results } = await production({
      'app-origins': 'https://example.com, https://dashboard.example.com, https://example.org',
    })
    expect(of(results, 'passkeys.rp-id').map(r => [r.subject, r.status])).toEqual([
      ['https://example.com', 'pass'],
      ['https://dashboard.example.com', 'pass'],
      ['https://example.org', 'warn'],
    ])
    expect(of(results, 'passkeys.rp-id')[2]?.message).toContain('passkeys would not work here')
  })

  it('fails a sibling subdomain when the instance domain is a subdomain and passkeys are on', async () => {
    const { results } = await runScenario({
      inputs: {
        environment: 'production',
        domain: 'dashboard.example.com',
        'app-origins': 'https://accounts.example.com',
        passkeys: 'true',
      },
      env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.dashboard.example.com') },
    })
    expect(of(results, 'passkeys.rp-id')).toMatchObject([{ subject: 'https://accounts.example.com', status: 'fail' }])
  })

  it.each(['my-app.vercel.app', 'someone.github.io'])('refuses %s, a public suffix domain, as RP ID', async domain => {
    // The PSL with private domains on: vercel.app and github.io are suffixes, so their children are registrable
    // domains and fine; the suffix itself is not.
    const suffix = domain.split('.').slice(1).join('.')
    const { results } = await runScenario({
      inputs: { environment: 'production', domain: suffix, passkeys: 'true' },
      env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', `clerk.${suffix}`) },
    })
    expect(of(results, 'passkeys.rp-id')).toMatchObject([{ subject: suffix, status: 'fail' }])
  })

  it('handles IDN origins in punycode and IP addresses', async () => {
    const { results } = await runScenario({
      inputs: {
        environment: 'production',
        domain: 'bücher.example',
        'app-origins': 'https://shop.bücher.example, https://192.0.2.1',
      },
      env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', 'clerk.xn--bcher-kva.example') },
    })
    expect(of(results, 'passkeys.rp-id').map(r => [r.subject, r.status])).toEqual([
      ['https://shop.xn--bcher-kva.example', 'pass'],
      ['https://192.0.2.1', 'warn'],
    ])
  })

  it('checks the port-carrying origin by its host', async () => {
    const { results } = await production({ 'app-origins': 'https://app.example.com:8443' })
    expect(of(results, 'passkeys.rp-id')[0]?.status).toBe('pass')
  })

  it('is skipped for development instances', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'preview' },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    expect(of(results, 'passkeys.rp-id')[0]?.status).toBe('skip')
  })
})
