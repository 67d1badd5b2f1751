import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

interface Cruise {
  summary: { violations: Array<{ rule: { name: string }; from: string; to: string; cycle?: Array<{ name: string }> }> }
  modules: Array<{
    source: string
    dependencies: Array<{ resolved: string; circular: boolean; cycle?: Array<{ dependencyTypes: string[] }> }>
  }>
}

/** dependency-cruiser over src/ with the rules of .dependency-cruiser.json, type-only imports included. */
async function cruise(): Promise<Cruise> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs',
      'src',
      '--config',
      '.dependency-cruiser.json',
      '--output-type',
      'json',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  )
  return JSON.parse(stdout) as Cruise
}

describe('the import graph of src/', () => {
  let graph: Cruise
  beforeAll(async () => {
    graph = await cruise()
  }, 60_000)

  it('has read the whole source, the checks and their vocabulary included', () => {
    const sources = graph.modules.map(m => m.source)
    expect(sources).toEqual(
      expect.arrayContaining(['src/main.ts', 'src/checks/index.ts', 'src/checks/shared/check.ts']),
    )
    expect(sources.length).toBeGreaterThan(90)
  })

  it('has no circle but through a lazy import(), and keeps the layers: checks below the runner, the report below the registry', () => {
    // A check's declaration loads its judgment lazily, and the judgment imports the declaration's type: a circle that
    // never ties the two at load time. Every other circle is one.
    const lazy = (d: { cycle?: Array<{ dependencyTypes: string[] }> }) =>
      d.cycle?.some(step => step.dependencyTypes.includes('dynamic-import'))
    const circular = graph.modules.flatMap(m =>
      m.dependencies.filter(d => d.circular && !lazy(d)).map(d => `${m.source} → ${d.resolved}`),
    )
    expect(circular).toEqual([])
    // The rule sees the same: the judgments' circles are there, and allowed.
    expect(graph.modules.some(m => m.dependencies.some(d => d.circular && lazy(d)))).toBe(true)
    expect(graph.summary.violations.map(v => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([])
  })
})
