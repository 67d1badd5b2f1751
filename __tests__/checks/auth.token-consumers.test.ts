import { generateKeyPairSync } from 'node:crypto'
import type { JsonWebKey } from '../../src/clerk/api.js'
import { issuerOf, judgeIssuer } from '../../src/clerk/issuer.js'
import { parseJwtKey } from '../../src/clerk/jwt-key.js'
import { convexIssuerSettings, supabaseClerkSection } from '../../src/settings/token-settings-scan.js'
import type { CheckResult } from '../../src/report/model.js'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  productionDomain,
  startClerkStandIn,
  type ClerkFault,
  type ClerkStandIn,
} from '../../test-support/clerk-server.js'
import { tempFolder } from '../../test-support/temp-folder.js'
import { DEV_HOST, PK_LIVE, PK_TEST, SK_LIVE, SK_TEST } from '../../test-support/keys.js'
import { runAction, type ActionOptions } from '../../test-support/run-action.js'
import { startDnsServer, type DnsTestServer } from '../../test-support/dns-server.js'
import { httpsUnavailable, json, startHttpsServer, type HttpsTestServer } from '../../test-support/https-server.js'
import { runScenario } from '../../test-support/scenario.js'

// Through the bundled action (dist/index.js): environment variables as the runner passes them, workspace files as
// Convex and Supabase write them, the instance's keys from a loopback Backend API. `npm run bundle` after changes.

let clerk: ClerkStandIn | undefined

/** A signing key pair as Clerk's JWKS publishes the public half (RS256, with a kid). */
function signingKey(kid: string): { pem: string; jwk: JsonWebKey } {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = publicKey.export({ format: 'jwk' }) as JsonWebKey
  return { pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), jwk: { ...jwk, kid, alg: 'RS256' } }
}
const production = signingKey('ins_FAKEprod')
const development = signingKey('ins_FAKEdev')

async function run(environment: 'production' | 'preview', options: ActionOptions = {}) {
  const live = environment === 'production'
  clerk = await startClerkStandIn({
    secretKey: live ? SK_LIVE : SK_TEST,
    environmentType: live ? 'production' : 'development',
    domains: live ? [productionDomain('example.com')] : [],
    jwks: [live ? production.jwk : development.jwk],
  })
  const action = await runAction({
    ...options,
    inputs: { environment, 'live-checks': 'false', ...options.inputs },
    env: {
      CLERK_PUBLISHABLE_KEY: live ? PK_LIVE : PK_TEST,
      CLERK_SECRET_KEY: live ? SK_LIVE : SK_TEST,
      CLERK_API_URL: clerk.url,
      ...options.env,
    },
  })
  const results = (action.report?.checks ?? []).filter(c => c.id === 'auth.token-consumers')
  return { action, results, of: (s: string) => results.find(r => r.subject === s) as CheckResult }
}

// convex/auth.config.ts as Convex's Clerk guide has it (docs.convex.dev/auth/clerk).
const CONVEX_FROM_VARIABLE = `import { AuthConfig } from "convex/server";

export default {
  providers: [
    {
      // Replace with your own Clerk Issuer URL from your "convex" JWT template
      // or with \`process.env.CLERK_JWT_ISSUER_DOMAIN\`
      // and configure CLERK_JWT_ISSUER_DOMAIN on the Convex Dashboard
      // See https://docs.convex.dev/auth/clerk#configuring-dev-and-prod-instances
      domain: process.env.CLERK_JWT_ISSUER_DOMAIN!,
      applicationID: "convex",
    },
  ]
} satisfies AuthConfig;
`
const convexLiteral = (domain: string) => `export default {
  providers: [
    {
      domain: "${domain}",
      applicationID: "convex",
    },
  ],
};
`
// supabase/config.toml as the Supabase CLI writes it, with Clerk's section (supabase.com/docs/guides/auth/third-party/clerk).
const supabaseToml = (domain: string, enabled = true) => `project_id = "fake-project"

[auth]
enabled = true
site_url = "http://127.0.0.1:3000"

[auth.third_party.clerk]
enabled = ${enabled}
domain = "${domain}"

[auth.third_party.auth0]
enabled = false
tenant = ""
`

describe('auth.token-consumers: issuers', () => {
  it("fails a production API whose CLERK_JWT_ISSUER_DOMAIN is the development instance's", async () => {
    const { action, of } = await run('production', {
      env: { CLERK_JWT_ISSUER_DOMAIN: `https://${DEV_HOST}` },
    })
    const result = of('CLERK_JWT_ISSUER_DOMAIN')
    expect(result.status).toBe('fail')
    expect(result.message).toContain(`names a development instance's Frontend API (${DEV_HOST})`)
    expect(result.message).toContain('refuses every session token of this production instance')
    expect(result.fix).toContain('Set CLERK_JWT_ISSUER_DOMAIN to https://clerk.example.com')
    expect(action.outputs['failed-checks']?.split(',')).toContain('auth.token-consumers')
  })

  it('passes issuer and JWKS URLs of this instance, written the ways apps write them', async () => {
    const { results } = await run('production', {
      env: {
        CLERK_JWT_ISSUER_DOMAIN: 'https://clerk.example.com/',
        CLERK_ISSUER_URL: 'clerk.example.com',
        CLERK_JWKS_URL: 'https://clerk.example.com/.well-known/jwks.json',
      },
    })
    expect(results.map(r => [r.subject, r.status])).toEqual([
      ['CLERK_JWT_ISSUER_DOMAIN', 'pass'],
      ['CLERK_ISSUER_URL', 'pass'],
      ['CLERK_JWKS_URL', 'pass'],
    ])
  })

  it("fails a preview whose issuer is another development instance's", async () => {
    const { of } = await run('preview', { env: { CLERK_ISSUER_URL: 'https://other-cat-11.clerk.accounts.dev' } })
    expect(of('CLERK_ISSUER_URL').status).toBe('fail')
    expect(of('CLERK_ISSUER_URL').message).toContain("another development instance's Frontend API")
  })

  it('judges Convex when its issuer comes from a variable the run has, and skips it, naming the variable, when not', async () => {
    const without = await run('production', { files: { 'convex/auth.config.ts': CONVEX_FROM_VARIABLE } })
    expect(without.of('convex/auth.config.ts')).toMatchObject({ status: 'skip' })
    expect(without.of('convex/auth.config.ts').message).toContain('`domain` (line 10: CLERK_JWT_ISSUER_DOMAIN)')
    const withIt = await run('production', {
      files: { 'convex/auth.config.ts': CONVEX_FROM_VARIABLE },
      env: { CLERK_JWT_ISSUER_DOMAIN: `https://${DEV_HOST}` },
    })
    expect(withIt.of('convex/auth.config.ts').status).toBe('fail')
    expect(withIt.of('convex/auth.config.ts').message).toContain('convex/auth.config.ts:10 (`domain`)')
  })

  it('fails a Convex config that names only the development instance in production, and passes one listing both', async () => {
    const dev = await run('production', { files: { 'convex/auth.config.js': convexLiteral(`https://${DEV_HOST}`) } })
    expect(dev.of('convex/auth.config.js').status).toBe('fail')
    expect(dev.of('convex/auth.config.js').fix).toContain('then deploy Convex again')
    const both = convexLiteral(`https://${DEV_HOST}`).replace(
      '  ],',
      '    { domain: "https://clerk.example.com", applicationID: "convex" },\n  ],',
    )
    const pass = await run('production', { files: { 'convex/auth.config.ts': both } })
    expect(pass.results).toEqual([expect.objectContaining({ subject: 'convex/auth.config.ts', status: 'pass' })])
  })

  it("warns when supabase/config.toml names the development instance in production, and passes this instance's", async () => {
    const dev = await run('production', { files: { 'supabase/config.toml': supabaseToml(DEV_HOST) } })
    expect(dev.of('supabase/config.toml').status).toBe('warn')
    expect(dev.of('supabase/config.toml').fix).toContain('domain = "clerk.example.com"')
    const own = await run('production', { files: { 'supabase/config.toml': supabaseToml('clerk.example.com') } })
    expect(own.of('supabase/config.toml').status).toBe('pass')
    const off = await run('production', { files: { 'supabase/config.toml': supabaseToml(DEV_HOST, false) } })
    expect(off.of('supabase/config.toml').status).toBe('skip')
  })

  it('reads Supabase env(…) from the environment', async () => {
    const { of } = await run('preview', {
      files: { 'supabase/config.toml': supabaseToml('env(CLERK_ISSUER_DOMAIN)') },
      env: { CLERK_ISSUER_DOMAIN: DEV_HOST },
    })
    expect(of('supabase/config.toml').status).toBe('pass')
  })

  it('skips with nothing to judge, asking Clerk nothing', async () => {
    const { results } = await run('production')
    expect(results).toEqual([expect.objectContaining({ subject: 'token verifiers', status: 'skip' })])
    expect(clerk!.requests.filter(r => r.path === '/v1/jwks')).toHaveLength(0)
  })
})

describe('auth.token-consumers: CLERK_JWT_KEY', () => {
  it("passes the instance's own PEM public key, also written on one line with \\n", async () => {
    const { of } = await run('production', {
      env: { CLERK_JWT_KEY: production.pem.replace(/\n/g, '\\n'), NEXT_PUBLIC_CLERK_JWT_KEY: production.pem },
    })
    expect(of('CLERK_JWT_KEY')).toMatchObject({
      status: 'pass',
      message: 'CLERK_JWT_KEY is this instance\'s signing key ("ins_FAKEprod")',
    })
    expect(of('NEXT_PUBLIC_CLERK_JWT_KEY').status).toBe('pass')
    expect(clerk!.requests.filter(r => r.path === '/v1/jwks')).toHaveLength(1)
  })

  it("fails the development instance's key in production, and a value that is no key", async () => {
    const { of } = await run('production', { env: { CLERK_JWT_KEY: development.pem } })
    expect(of('CLERK_JWT_KEY').status).toBe('fail')
    expect(of('CLERK_JWT_KEY').message).toContain(
      `is not one of this production instance's signing keys ("ins_FAKEprod")`,
    )
    expect(of('CLERK_JWT_KEY').fix).toContain('PEM Public Key')
    const junk = await run('production', { env: { CLERK_JWT_KEY: 'pk_live_not-a-pem' } })
    expect(junk.of('CLERK_JWT_KEY')).toMatchObject({ status: 'fail' })
  })

  it("reads the Frontend API's JWKS when there is no secret key and the live checks are on", async () => {
    clerk = await startClerkStandIn({
      secretKey: SK_TEST,
      environmentType: 'development',
      domains: [],
      jwks: [development.jwk],
    })
    const action = await runAction({
      inputs: { environment: 'preview', 'live-checks': 'true' },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_FAPI_URL: clerk.url, CLERK_JWT_KEY: development.pem },
    })
    const result = action.report?.checks.find(c => c.id === 'auth.token-consumers')
    expect(result).toMatchObject({ subject: 'CLERK_JWT_KEY', status: 'pass' })
    expect(clerk.requests.map(r => r.path)).toContain('/.well-known/jwks.json')
  })
})

describe('reading issuer settings', () => {
  it('reads issuers as URLs, hosts and JWKS URLs, and nothing else', () => {
    expect(issuerOf('https://Clerk.Example.com/')).toEqual({ host: 'clerk.example.com', path: '' })
    expect(issuerOf('https://example.com/__clerk/.well-known/jwks.json')).toEqual({
      host: 'example.com',
      path: '/__clerk',
    })
    expect(issuerOf('ftp://clerk.example.com')).toBeUndefined()
    expect(issuerOf('not a host')).toBeUndefined()
    const expected = { frontendApi: 'clerk.example.com', proxyUrl: 'https://example.com/__clerk' }
    expect(judgeIssuer('https://example.com/__clerk', expected).kind).toBe('this')
    expect(judgeIssuer('https://api.clerk.com/v1/jwks', expected).kind).toBe('backend')
    expect(judgeIssuer('https://clerk.other.com', expected).kind).toBe('other')
  })

  it("reads Convex's forms, and passes over comments", () => {
    const settings = convexIssuerSettings(`export default { providers: [
      // domain: "https://commented.clerk.accounts.dev",
      { domain: env.CLERK_JWT_ISSUER_DOMAIN, applicationID: "convex" },
      { domain: process.env["CLERK_ISSUER"], applicationID: "convex" },
      { type: "customJwt", issuer: 'https://clerk.example.com', jwks: \`https://clerk.example.com/.well-known/jwks.json\`, algorithm: "RS256" },
      { domain: \`https://\${host}\`, applicationID: "x" },
    ] }`)
    expect(settings.map(s => [s.field, s.value, s.line])).toEqual([
      ['domain', { variable: 'CLERK_JWT_ISSUER_DOMAIN' }, 3],
      ['domain', { variable: 'CLERK_ISSUER' }, 4],
      ['issuer', { literal: 'https://clerk.example.com' }, 5],
      ['jwks', { literal: 'https://clerk.example.com/.well-known/jwks.json' }, 5],
      ['domain', { expression: '`https://${host' }, 6],
    ])
  })

  it("reads Supabase's section only, in TOML's string forms", () => {
    expect(
      supabaseClerkSection("[auth.third_party.clerk]\nenabled = true # on\ndomain = 'clerk.example.com'\n"),
    ).toEqual({
      enabled: true,
      settings: [{ field: 'domain', value: { literal: 'clerk.example.com' }, line: 3 }],
    })
    expect(supabaseClerkSection('[auth]\ndomain = "x"\n')).toBeUndefined()
  })

  it('reads a PEM key however a variable carries it, and refuses what is not one', async () => {
    const body = production.pem.replace(/-----[A-Z ]+-----|\n/g, '')
    const bare = await parseJwtKey(body)
    expect(bare.ok && bare.key.n).toBe(production.jwk.n)
    expect((await parseJwtKey('x'.repeat(20_000))).ok).toBe(false)
    expect((await parseJwtKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).ok).toBe(false)
  })

  it('reads hostile files in linear time', () => {
    const started = process.hrtime.bigint()
    convexIssuerSettings('domain: "'.repeat(100_000))
    convexIssuerSettings('domain:'.repeat(150_000))
    supabaseClerkSection('[auth.third_party.clerk]\n'.repeat(20_000) + 'domain = "'.repeat(50_000))
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000)
  })
})

// In process (jest counts it), over real HTTPS on loopback with the test CA: the publishable key's Frontend API and a
// proxy that a pull request's configuration file names, each serving a key set.
const httpsSkipped = await httpsUnavailable()
const describeHttps = httpsSkipped ? describe.skip : describe

describeHttps('auth.token-consumers: the Frontend API JWKS, without a secret key', () => {
  let web: HttpsTestServer
  let dns: DnsTestServer
  beforeAll(async () => {
    web = await startHttpsServer({
      'clerk.example.com': { routes: { '/.well-known/jwks.json': json({ keys: [production.jwk] }) } },
      // Another instance's keys behind a proxy URL the file names.
      'proxy.example': { routes: { '/__clerk/.well-known/jwks.json': json({ keys: [development.jwk] }) } },
    })
    dns = await startDnsServer({
      records: ['clerk.example.com', 'proxy.example'].map(name => ({ name, type: 'A' as const, data: web.address })),
    })
  })
  afterAll(async () => {
    await Promise.all([web.close(), dns.close()])
  })

  const tokenConsumers = async (jwtKey: string, config?: string) => {
    const { results } = await runScenario({
      inputs: {
        environment: 'production',
        'dns-servers': dns.address,
        'live-checks': 'true',
        'http-timeout-ms': '1500',
      },
      config,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_FAPI_URL: '', CLERK_JWT_KEY: jwtKey },
    })
    return results.filter(r => r.id === 'auth.token-consumers')
  }
  const jwksAsked = () => web.requests.filter(r => r.path.endsWith('/.well-known/jwks.json')).map(r => r.host)

  it("reads the publishable key's own Frontend API, never the file's proxy-url", async () => {
    web.requests.length = 0
    const results = await tokenConsumers(development.pem, 'proxy-url: https://proxy.example/__clerk\n')
    expect(results).toEqual([
      expect.objectContaining({
        subject: 'CLERK_JWT_KEY',
        status: 'fail',
        message: expect.stringContaining('"ins_FAKEprod"'),
      }),
    ])
    expect(jwksAsked()).toEqual(['clerk.example.com'])
  })

  it("passes the instance's own key, read from its Frontend API", async () => {
    web.requests.length = 0
    const results = await tokenConsumers(production.pem, 'proxy-url: https://proxy.example/__clerk\n')
    expect(results).toEqual([expect.objectContaining({ subject: 'CLERK_JWT_KEY', status: 'pass' })])
    expect(jwksAsked()).toEqual(['clerk.example.com'])
  })
})

// In process (jest counts it): the runner's variables, workspace files as Convex and Supabase write them, and the
// instance's keys from the loopback Backend API.
describe('auth.token-consumers, in process', () => {
  async function inProcess(
    env: Record<string, string>,
    options: {
      files?: Record<string, string>
      fault?: ClerkFault
      inputs?: Record<string, string>
      secret?: boolean
    } = {},
  ) {
    clerk = await startClerkStandIn({
      secretKey: SK_LIVE,
      environmentType: 'production',
      domains: [productionDomain('example.com')],
      jwks: [production.jwk],
    })
    if (options.fault) clerk.fail(options.fault)
    const workspace = tempFolder('cp-consumers-')
    for (const [path, text] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true })
      writeFileSync(join(workspace, path), text)
    }
    const { results } = await runScenario({
      inputs: { environment: 'production', ...options.inputs },
      secretKey: options.secret === false ? undefined : SK_LIVE,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url, ...env },
      workspace,
    })
    const found = results.filter(r => r.id === 'auth.token-consumers')
    return { found, of: (s: string) => found.find(r => r.subject === s) as CheckResult }
  }

  it('judges issuer variables, Convex and Supabase files against the key', async () => {
    const { of } = await inProcess(
      {
        CLERK_JWT_ISSUER_DOMAIN: `https://${DEV_HOST}`,
        CLERK_JWKS_URL: 'https://clerk.example.com/.well-known/jwks.json',
      },
      {
        files: {
          'convex/auth.config.ts': CONVEX_FROM_VARIABLE,
          'supabase/config.toml': supabaseToml('clerk.example.com'),
        },
      },
    )
    expect(of('CLERK_JWT_ISSUER_DOMAIN').status).toBe('fail')
    expect(of('CLERK_JWKS_URL').status).toBe('pass')
    expect(of('convex/auth.config.ts')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('deploy Convex again'),
    })
    expect(of('supabase/config.toml').status).toBe('pass')
  })

  it('passes a proxy issuer and warns on Supabase naming the development instance in production', async () => {
    const { of } = await inProcess(
      { CLERK_ISSUER_URL: 'https://example.com/__clerk' },
      {
        inputs: { 'proxy-url': 'https://example.com/__clerk' },
        files: { 'supabase/config.toml': supabaseToml(DEV_HOST) },
      },
    )
    expect(of('CLERK_ISSUER_URL').status).toBe('pass')
    expect(of('supabase/config.toml').status).toBe('warn')
  })

  it('skips a file whose issuer comes from a variable the run lacks, and a Supabase section that is off', async () => {
    const { of } = await inProcess(
      {},
      {
        files: {
          'convex/auth.config.ts': CONVEX_FROM_VARIABLE,
          'supabase/config.toml': supabaseToml(DEV_HOST, false),
        },
      },
    )
    expect(of('convex/auth.config.ts')).toMatchObject({
      status: 'skip',
      message: expect.stringContaining('CLERK_JWT_ISSUER_DOMAIN'),
    })
    expect(of('supabase/config.toml').status).toBe('skip')
  })

  it("compares CLERK_JWT_KEY with the Backend API's keys", async () => {
    const own = await inProcess({ CLERK_JWT_KEY: production.pem })
    expect(own.of('CLERK_JWT_KEY').status).toBe('pass')
    const dev = await inProcess({ CLERK_JWT_KEY: development.pem })
    expect(dev.of('CLERK_JWT_KEY')).toMatchObject({ status: 'fail', fix: expect.stringContaining('PEM Public Key') })
    const junk = await inProcess({ CLERK_JWT_KEY: 'not a key at all' })
    expect(junk.of('CLERK_JWT_KEY').status).toBe('fail')
  })

  it('is an error when the keys cannot be read, and a skip when nothing may be asked or nothing is set', async () => {
    const down = await inProcess(
      { CLERK_JWT_KEY: production.pem },
      { fault: { path: '/v1/jwks', status: 500, times: 2 } },
    )
    expect(down.of('CLERK_JWT_KEY')).toMatchObject({ status: 'error', message: expect.stringContaining('500, twice') })
    const unasked = await inProcess({ CLERK_JWT_KEY: production.pem }, { secret: false })
    expect(unasked.of('CLERK_JWT_KEY')).toMatchObject({
      status: 'skip',
      message: expect.stringContaining('no secret key'),
    })
    const nothing = await inProcess({})
    expect(nothing.found).toEqual([expect.objectContaining({ subject: 'token verifiers', status: 'skip' })])
  })
})
