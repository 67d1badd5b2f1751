import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

interface Cruise {
  summary: { violations: Array<{ rule: { name: string }; from: string; to: string; cycle?: Array<{ name: string }> }> }
  modules: Array<{ source: string; dependencies: Array<{ resolved: string; circular: boolean }> }>
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

  it('has no circle, and keeps the layers: checks below the runner, the report below the registry', () => {
    const circular = graph.modules.flatMap(m =>
      m.dependencies.filter(d => d.circular).map(d => `${m.source} → ${d.resolved}`),
    )
    expect(circular).toEqual([])
    expect(graph.summary.violations.map(v => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([])
  })
})
