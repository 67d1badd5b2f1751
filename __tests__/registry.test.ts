import { readdirSync, readFileSync } from 'node:fs'
import { CHECKS } from '../src/checks/index.js'

/** `dns.caa` lives in src/checks/dns-caa.ts and is exported as dnsCaaCheck: a reader finds a check by its id. */
describe('the check registry', () => {
  it.each(CHECKS.map(c => [c.id, c] as const))(
    'names %s alike in its id, its file and its export',
    async (id, check) => {
      const file = id.replace(/\./g, '-')
      const exported = `${file.replace(/-(.)/g, (_, c: string) => c.toUpperCase())}Check`
      const module = (await import(`../src/checks/${file}.js`)) as Record<string, unknown>
      expect(module[exported]).toBe(check)
    },
  )

  it.each(CHECKS.map(c => c.id))('has __tests__/checks/%s.test.ts, about that check', id => {
    const tests = readFileSync(`__tests__/checks/${id}.test.ts`, 'utf8')
    expect(tests).toContain(`'${id}'`)
  })

  it('has one id per check, and no check module left out of it', () => {
    expect(new Set(CHECKS.map(c => c.id)).size).toBe(CHECKS.length)
    const registered = new Set(CHECKS.map(c => `${c.id.replace(/\./g, '-')}.ts`))
    // Everything else in src/checks is the registry and what checks share (src/checks/shared); the runner is src/runner.
    const shared = ['index.ts', 'shared']
    const files = readdirSync('src/checks').filter(f => !shared.includes(f))
    expect(files.sort()).toEqual([...registered].sort())
  })
})
