import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'

const inputs = Object.keys((parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }).inputs)
const readme = readFileSync('README.md', 'utf8')
const examples = readdirSync('examples').filter(f => f.endsWith('.yml'))

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

describe.each(examples)('examples/%s', file => {
  const text = readFileSync(`examples/${file}`, 'utf8')
  const workflow = parse(text) as { on: unknown; jobs: Record<string, { steps?: Step[] }> }
  const steps = Object.values(workflow.jobs)
    .flatMap(job => job.steps ?? [])
    .filter(s => s.uses?.includes('clerk-preflight'))

  it('is a workflow that uses the action', () => {
    expect(workflow.on).toBeDefined()
    expect(steps.length).toBeGreaterThan(0)
  })

  it('uses only inputs that action.yml declares', () => {
    for (const step of steps) expect(inputs).toEqual(expect.arrayContaining(Object.keys(step.with ?? {})))
  })

  it('is in the README, word for word', () => {
    expect(readme).toContain(text.trim())
  })
})
