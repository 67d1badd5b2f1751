import type { CheckResult } from '../../src/report/model.js'
import { isTestPath, templateNames } from '../../src/settings/token-settings-scan.js'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  productionDomain,
  startClerkStandIn,
  type ClerkFault,
  type ClerkStandIn,
} from '../../test-support/clerk-server.js'
import { runScenario } from '../../test-support/scenario.js'
import { tempFolder } from '../../test-support/temp-folder.js'
import { PK_LIVE, PK_TEST, SK_LIVE, SK_TEST } from '../../test-support/keys.js'
import { runAction, type ActionOptions } from '../../test-support/run-action.js'

// Through the bundled action (dist/index.js), against a loopback Backend API answering in the shape of Clerk's
// OpenAPI spec (GET /v1/jwt_templates, paginated as @clerk/backend asks it). `npm run bundle` after changes.

let clerk: ClerkStandIn | undefined

/** A production run (live checks off: this is about the Backend API) with the instance's templates. */
async function production(templates: string[], options: ActionOptions = {}) {
  clerk = await startClerkStandIn({
    secretKey: SK_LIVE,
    environmentType: 'production',
    domains: [productionDomain('example.com')],
    jwtTemplates: templates,
  })
  const run = await runAction({
    ...options,
    inputs: {
      environment: 'production',
      'live-checks': 'false',
      'authorized-parties': 'https://example.com',
      ...options.inputs,
    },
    env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_SECRET_KEY: SK_LIVE, CLERK_API_URL: clerk.url, ...options.env },
  })
  const results = (run.report?.checks ?? []).filter(c => c.id === 'clerk.jwt-templates')
  return { run, results, bySubject: (s: string) => results.find(r => r.subject === s) as CheckResult }
}

// As Convex's and Clerk's guides have apps ask for a template (clerk-docs reference/javascript/session.mdx).
const CONVEX_CLIENT = `'use client'
import { useAuth } from '@clerk/nextjs'
export function useConvexToken() {
  const { getToken } = useAuth()
  return () => getToken({ template: "convex" })
}
`
const SUPABASE_SERVER = `import { auth } from '@clerk/nextjs/server'
export async function supabaseToken() {
  const { getToken } = await auth()
  return getToken({
    template: 'supabase',
  })
}
`

describe('clerk.jwt-templates', () => {
  it('passes when every template the code asks for exists on the instance, asking Clerk once for its full list', async () => {
    const { run, results } = await production(['convex', 'supabase', 'other'], {
      files: { 'src/convex.tsx': CONVEX_CLIENT, 'app/lib/supabase.ts': SUPABASE_SERVER },
    })
    expect(results.map(r => [r.subject, r.status])).toEqual([
      ['convex', 'pass'],
      ['supabase', 'pass'],
    ])
    // Production's DNS has no server here: the run fails for that, not for the templates.
    expect(run.outputs['failed-checks']?.split(',')).not.toContain('clerk.jwt-templates')
    const asked = clerk!.requests.filter(r => r.path === '/v1/jwt_templates')
    expect(asked).toHaveLength(1)
    expect(asked[0]?.query).toBe('?paginated=true&limit=500')
    expect(asked[0]?.authorization).toBe(`Bearer ${SK_LIVE}`)
  })

  it('fails a template made only on the development instance, saying where it is asked for and how to make it', async () => {
    const { run, bySubject } = await production(['supabase'], {
      files: { 'src/convex.tsx': CONVEX_CLIENT, 'app/lib/supabase.ts': SUPABASE_SERVER },
    })
    expect(bySubject('convex')).toMatchObject({ status: 'fail' })
    expect(bySubject('convex').message).toContain(
      'the production instance has no JWT template "convex" (asked for at src/convex.tsx:5)',
    )
    expect(bySubject('convex').fix).toContain('Create the JWT template "convex" on the production instance')
    expect(bySubject('supabase')).toMatchObject({ status: 'pass' })
    expect(run.code).toBe(1)
    expect(run.outputs['failed-checks']?.split(',')).toContain('clerk.jwt-templates')
  })

  it('takes the names from jwt-templates over the code, and reads no test file', async () => {
    const { bySubject, results } = await production(['convex'], {
      inputs: { 'jwt-templates': 'convex, hasura' },
      files: { 'src/convex.tsx': CONVEX_CLIENT, '__tests__/token.test.ts': "getToken({ template: 'fixture' })" },
    })
    expect(results.map(r => r.subject)).toEqual(['convex', 'hasura'])
    expect(bySubject('hasura')).toMatchObject({ status: 'fail' })
    expect(bySubject('hasura').message).toContain('(asked for at jwt-templates)')
  })

  it('reads the names from the configuration file too', async () => {
    const { bySubject } = await production(['convex'], {
      files: { '.github/clerk-preflight.yml': 'jwt-templates: [convex]\n' },
    })
    expect(bySubject('convex')).toMatchObject({ status: 'pass' })
  })

  it('leaves test files out of the scan, and skips when the app asks for no template', async () => {
    const { results } = await production([], {
      files: {
        'src/app.tsx': 'const token = await getToken()',
        'src/__tests__/auth.tsx': "getToken({ template: 'fixture' })",
        'e2e/login.spec.ts': "getToken({ template: 'fixture' })",
      },
    })
    expect(results).toEqual([expect.objectContaining({ subject: 'jwt-templates', status: 'skip' })])
    expect(clerk!.requests.filter(r => r.path === '/v1/jwt_templates')).toHaveLength(0)
  })

  it('is an error, not a failure, when Clerk cannot be asked', async () => {
    clerk = await startClerkStandIn({ secretKey: SK_LIVE, environmentType: 'production', domains: [] })
    clerk.fail({ path: '/v1/jwt_templates', status: 503, times: 2 })
    const run = await runAction({
      inputs: { environment: 'production', 'live-checks': 'false', 'jwt-templates': 'convex' },
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_SECRET_KEY: SK_LIVE, CLERK_API_URL: clerk.url },
    })
    const result = run.report?.checks.find(c => c.id === 'clerk.jwt-templates')
    expect(result).toMatchObject({ subject: 'convex', status: 'error' })
    expect(result?.message).toContain('answered 503, twice')
  })

  it('skips without a secret key, naming it', async () => {
    const run = await runAction({
      inputs: { environment: 'preview', 'jwt-templates': 'convex' },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    expect(run.report?.checks.find(c => c.id === 'clerk.jwt-templates')).toMatchObject({
      subject: 'secret-key',
      status: 'skip',
    })
  })

  it('says a name that differs only in case, and warns when Clerk listed only part of a longer list', async () => {
    clerk = await startClerkStandIn({
      secretKey: SK_TEST,
      environmentType: 'development',
      domains: [],
      jwtTemplates: ['Convex', ...Array.from({ length: 600 }, (_, i) => `t${i}`)],
    })
    const run = await runAction({
      inputs: { environment: 'preview', 'jwt-templates': 'convex' },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST, CLERK_SECRET_KEY: SK_TEST, CLERK_API_URL: clerk.url },
    })
    const result = run.report?.checks.find(c => c.id === 'clerk.jwt-templates')
    expect(result?.status).toBe('warn')
    expect(result?.message).toContain('it has "Convex", and names are matched exactly')
    expect(result?.message).toContain('Clerk listed 500 of 601 templates')
  })
})

describe('the template scan', () => {
  it('reads the forms apps write, and none that is not a literal', () => {
    const code = [
      "await getToken({ template: 'a' })",
      'getToken({template:"b"})',
      'getToken({ skipCache: true, template: `c` })',
      'getToken({ template: name })',
      'getToken({ template: `d-${x}` })',
      'getToken()',
    ].join('\n')
    expect(templateNames(code)).toEqual([
      { name: 'a', line: 1 },
      { name: 'b', line: 2 },
      { name: 'c', line: 3 },
    ])
  })

  it('tells test files from the app', () => {
    expect(isTestPath('src/auth.test.ts')).toBe(true)
    expect(isTestPath('app/__mocks__/clerk.ts')).toBe(true)
    expect(isTestPath('tests/login.ts')).toBe(true)
    expect(isTestPath('src/latest/index.ts')).toBe(false)
    expect(isTestPath('app/contest.tsx')).toBe(false)
  })

  it('reads a hostile file in linear time', () => {
    const hostile = 'getToken({ '.repeat(100_000) + 'template: "x"'.repeat(10)
    const started = process.hrtime.bigint()
    templateNames(hostile)
    templateNames('getToken('.repeat(120_000))
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000)
  })
})

// In process (jest counts it), through the same loopback stand-in and the workspace scan on real files.
describe('clerk.jwt-templates, in process', () => {
  async function inProcess(
    templates: string[],
    options: { inputs?: Record<string, string>; files?: Record<string, string>; fault?: ClerkFault; key?: string } = {},
  ) {
    clerk = await startClerkStandIn({
      secretKey: SK_LIVE,
      environmentType: 'production',
      domains: [productionDomain('example.com')],
      jwtTemplates: templates,
    })
    if (options.fault) clerk.fail(options.fault)
    const workspace = tempFolder('cp-templates-')
    for (const [path, text] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true })
      writeFileSync(join(workspace, path), text)
    }
    const { results } = await runScenario({
      inputs: { environment: 'production', ...options.inputs },
      secretKey: options.key ?? SK_LIVE,
      env: { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_API_URL: clerk.url },
      workspace,
    })
    return results.filter(r => r.id === 'clerk.jwt-templates')
  }

  it('passes the templates the code asks for, and fails one the instance lacks', async () => {
    const results = await inProcess(['supabase'], {
      files: { 'src/convex.tsx': CONVEX_CLIENT, 'app/lib/supabase.ts': SUPABASE_SERVER },
    })
    expect(results.map(r => [r.subject, r.status])).toEqual([
      ['convex', 'fail'],
      ['supabase', 'pass'],
    ])
    expect(results[0]?.message).toContain('(asked for at src/convex.tsx:5)')
  })

  it('warns on a name in another case and on a list Clerk cut short', async () => {
    const results = await inProcess(['Convex', ...Array.from({ length: 600 }, (_, i) => `t${i}`)], {
      inputs: { 'jwt-templates': 'convex' },
    })
    expect(results).toEqual([expect.objectContaining({ subject: 'convex', status: 'warn' })])
  })

  it('is an error when Clerk fails or refuses the key, and a skip when nothing asks for a template', async () => {
    const down = await inProcess([], {
      inputs: { 'jwt-templates': 'convex' },
      fault: { path: '/v1/jwt_templates', status: 503, times: 2 },
    })
    expect(down).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('503, twice') })])
    const refused = await inProcess([], {
      inputs: { 'jwt-templates': 'convex' },
      key: 'sk_live_FAKEotherKEY000notreal0000FAKEotherKEY0',
    })
    expect(refused[0]?.message).toContain('Clerk refused the secret key')
    const odd = await inProcess([], {
      inputs: { 'jwt-templates': 'convex' },
      fault: { path: '/v1/jwt_templates', body: '{"x":1}' },
    })
    expect(odd[0]?.status).toBe('error')
    expect(await inProcess(['convex'], { files: { 'src/app.tsx': 'getToken()' } })).toEqual([
      expect.objectContaining({ subject: 'jwt-templates', status: 'skip' }),
    ])
  })
})
