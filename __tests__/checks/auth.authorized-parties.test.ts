import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { originProblem } from '../../src/checks/auth-authorized-parties.js'
import type { CheckResult } from '../../src/report/model.js'
import { PK_LIVE, PK_TEST } from '../../test-support/keys.js'
import { runScenario } from '../../test-support/scenario.js'
import { tempFolder } from '../../test-support/temp-folder.js'

const of = (results: CheckResult[], id: string) => results.filter(r => r.id === id)
const production = (inputs: Record<string, string> = {}, more: Parameters<typeof runScenario>[0] = {}) =>
  runScenario({ inputs: { environment: 'production', ...inputs }, env: { CLERK_PUBLISHABLE_KEY: PK_LIVE }, ...more })

describe('auth.authorized-parties', () => {
  it('fails a production instance without a list', async () => {
    const { results } = await production()
    const [r] = of(results, 'auth.authorized-parties')
    expect(r).toMatchObject({ subject: 'authorized-parties', status: 'fail' })
    expect(r?.message).toContain('subdomain cookie leaking and CSRF')
    expect(r?.fix).toContain('authorizedParties: ["https://example.com"]')
  })

  it('passes a list with every app origin', async () => {
    const { results } = await production({
      'app-origins': 'https://example.com,https://app.example.com',
      'authorized-parties': 'https://app.example.com, https://example.com',
    })
    expect(of(results, 'auth.authorized-parties')).toMatchObject([{ status: 'pass' }])
  })

  it('fails each bad entry and each missing origin, with the corrected list', async () => {
    const { results } = await production({
      'app-origins': 'https://example.com, https://app.example.com',
      'authorized-parties': 'https://example.com/, https://*.example.com, http://staging.example.com',
    })
    const rows = of(results, 'auth.authorized-parties').map(r => [r.subject, r.status])
    expect(rows).toEqual([
      ['https://example.com/', 'fail'],
      ['https://*.example.com', 'fail'],
      ['http://staging.example.com', 'fail'],
      ['https://app.example.com', 'fail'],
    ])
    expect(of(results, 'auth.authorized-parties').map(r => r.fix)).toEqual([
      'Replace it with `"https://example.com"`. The whole list, corrected: `authorizedParties: ["https://example.com","https://staging.example.com","https://app.example.com"]`',
      'Remove it, and list each origin.',
      'Replace it with `"https://staging.example.com"`.',
      'Add `"https://app.example.com"`.',
    ])
  })

  it('says the corrected list once, so that the output grows with the list, not with its square', async () => {
    const origins = Array.from({ length: 200 }, (_, i) => `https://app${i}.example.com`)
    const { results } = await production({
      'app-origins': origins.join(', '),
      'authorized-parties': 'https://example.com',
    })
    const found = of(results, 'auth.authorized-parties')
    expect(found).toHaveLength(200)
    expect(found.filter(r => r.fix?.includes('The whole list, corrected'))).toHaveLength(1)
    expect(found.reduce((n, r) => n + (r.fix?.length ?? 0), 0)).toBeLessThan(20_000)
  })

  it.each([
    ['https://example.com', undefined],
    ['http://localhost:3000', undefined],
    ['https://example.com:8443', undefined],
    ['https://example.com/', 'trailing slash'],
    ['https://example.com/app', 'path'],
    ['https://example.com:443', 'not written the way browsers send it'],
    ['*.example.com', 'wildcard'],
    ['example.com', 'not an origin'],
    ['http://example.com', 'only for localhost'],
  ])('entry %s: %s', (entry, problem) => {
    const found = originProblem(entry)
    if (problem === undefined) expect(found).toBeUndefined()
    else expect(found?.problem).toContain(problem)
  })

  it('is skipped outside production when no list is set', async () => {
    const { results } = await runScenario({
      inputs: { environment: 'development' },
      env: { CLERK_PUBLISHABLE_KEY: PK_TEST },
    })
    expect(of(results, 'auth.authorized-parties')).toMatchObject([{ status: 'skip' }])
  })

  it("warns, as a heuristic, where the app's code calls clerkMiddleware() without authorizedParties", async () => {
    const workspace = tempFolder('cp-ws-')
    await mkdir(join(workspace, 'src'))
    await mkdir(join(workspace, 'node_modules', 'pkg'), { recursive: true })
    await writeFile(
      join(workspace, 'src', 'middleware.ts'),
      "import { clerkMiddleware } from '@clerk/nextjs/server'\n\nexport default clerkMiddleware()\n",
    )
    await writeFile(
      join(workspace, 'src', 'api.ts'),
      'await clerk.authenticateRequest(req, { authorizedParties: ORIGINS })\n',
    )
    await writeFile(join(workspace, 'node_modules', 'pkg', 'index.js'), 'clerkMiddleware()\n')
    // Larger than 1 MiB: generated, not the app's own code, and not read.
    await writeFile(join(workspace, 'src', 'bundle.js'), `clerkMiddleware()\n${' '.repeat(1024 * 1024)}`)
    // Exactly 1 MiB, the call at its very end: read whole.
    await writeFile(join(workspace, 'src', 'edge.ts'), `${'\n'.repeat(1024 * 1024 - 18)}clerkMiddleware()\n`)
    const { results } = await production({ 'authorized-parties': 'https://example.com' }, { workspace })
    expect(of(results, 'auth.authorized-parties').map(r => [r.subject, r.status])).toEqual([
      ['authorized-parties', 'pass'],
      [join('src', 'edge.ts') + ':1048559', 'warn'],
      [join('src', 'middleware.ts') + ':3', 'warn'],
    ])
    expect(of(results, 'auth.authorized-parties')[1]?.message).toContain('heuristic')
  })
})
