import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'

// The README's chooser ("Which example is yours") and each example's set-up checklist, read as a user reads them,
// against the examples themselves: every example is chosen and has its checklist; every GitHub environment, variable
// and secret an example reads is on its checklist, in the environment the job names, and nothing else is; a check to
// require is one the example makes; and every example spells each Clerk value the same way (issue 32). Nothing here
// lists the names: they come from the files.

const readme = readFileSync('README.md', 'utf8')
const exampleFiles = readdirSync('examples')
  .filter(f => f.endsWith('.yml'))
  .sort()

interface Job {
  name?: string
  environment?: string | { name: string }
  strategy?: { matrix?: Record<string, unknown> }
  steps?: Array<{ uses?: string; with?: Record<string, unknown> }>
}
interface Workflow {
  jobs: Record<string, Job>
}

/** The section of the README under a `## ` heading, up to the next one. */
function section(heading: string): string {
  const at = readme.indexOf(`\n## ${heading}\n`)
  if (at < 0) throw new Error(`README.md has no "## ${heading}"`)
  const next = readme.indexOf('\n## ', at + 1)
  return readme.slice(at, next < 0 ? undefined : next)
}

/** The example files a piece of the README links. */
function linkedExamples(text: string): string[] {
  return [...new Set([...text.matchAll(/\]\(examples\/([\w.-]+\.yml)\)/g)].map(m => m[1] ?? ''))].sort()
}

interface Item {
  kind: string
  name?: string
  /** The GitHub environments the item puts it in (`in `a` and `b``). */
  in: string[]
}

/**
 * Each checklist: "**Set-up checklist** for [`examples/<file>`](…):" and the task-list items under it. An item reads
 * "**<Kind>** `<name>` in `<environment>` …: what it is"; what comes before the first colon names it.
 */
function checklists(): Map<string, Item[]> {
  const lists = new Map<string, Item[]>()
  const lines = readme.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const head = /^\*\*Set-up checklist\*\* for \[`examples\/([\w.-]+\.yml)`\]\(examples\/\1\):$/.exec(lines[i] ?? '')
    if (!head) continue
    const items: string[] = []
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j] ?? ''
      if (line.startsWith('- [ ] ')) items.push(line.slice(6))
      else if (line.startsWith('  ') && items.length > 0) items[items.length - 1] += ` ${line.trim()}`
      else if (line !== '' || items.length > 0) break
    }
    const file = head[1] ?? ''
    expect(lists.has(file)).toBe(false) // one checklist an example
    lists.set(
      file,
      items.flatMap(text => {
        const kind = /^\*\*([\w ]+)\*\*/.exec(text)?.[1]
        if (!kind) return [] // a step with no name to check (connecting Vercel, a line of the configuration file)
        const naming = text.slice(0, text.search(/:(\s|$)/) < 0 ? undefined : text.search(/:(\s|$)/))
        const name = /^\*\*[\w ]+\*\* `([^`]+)`/.exec(naming)?.[1]
        const where = / in ((?:`[^`]+`(?:, | and | or )?)+)/.exec(naming)?.[1] ?? ''
        return [{ kind, name, in: [...where.matchAll(/`([^`]+)`/g)].map(m => m[1] ?? '') }]
      }),
    )
  }
  return lists
}

/**
 * The GitHub environments a job names, as a checklist writes them: a name; each name an expression can choose
 * (`… && 'a' || 'b'`); a matrix value as `<key>`.
 */
function environmentsOf(job: Job): string[] {
  const raw = typeof job.environment === 'object' ? job.environment.name : job.environment
  if (!raw) return []
  const expression = /^\$\{\{(.*)\}\}$/s.exec(raw.trim())?.[1]
  if (expression) return [...expression.matchAll(/(?:&&|\|\|)\s*'([^']+)'/g)].map(m => m[1] ?? '')
  return [raw.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, '<$1>')]
}

/** The `vars.` and `secrets.` a job reads, by kind. */
function readsOf(job: Job): { Variable: string[]; Secret: string[] } {
  const text = JSON.stringify(job)
  const names = (context: string) => [
    ...new Set([...text.matchAll(new RegExp(`\\b${context}\\.([A-Za-z_][\\w]*)`, 'g'))].map(m => m[1] ?? '')),
  ]
  return { Variable: names('vars'), Secret: names('secrets') }
}

const read = (file: string) => parse(readFileSync(`examples/${file}`, 'utf8')) as Workflow
const lists = checklists()
const sorted = (values: Iterable<string>) => [...new Set(values)].sort()

describe("the README's chooser", () => {
  it('sits above the Quick start and offers every example, and only those', () => {
    expect(readme.indexOf('\n## Which example is yours\n')).toBeLessThan(readme.indexOf('\n## Quick start\n'))
    expect(readme.indexOf('\n## Which example is yours\n')).toBeGreaterThan(0)
    expect(linkedExamples(section('Which example is yours'))).toEqual(exampleFiles)
  })

  it('names each value every example reads, in its list of names', () => {
    const names = section('Which example is yours')
    const values = sorted(
      exampleFiles.flatMap(file =>
        Object.values(read(file).jobs).flatMap(job => [...readsOf(job).Variable, ...readsOf(job).Secret]),
      ),
    )
    expect(values.length).toBeGreaterThan(0)
    for (const name of values) expect(names).toContain(`\`${name}\``)
    for (const file of exampleFiles)
      for (const job of Object.values(read(file).jobs))
        for (const environment of environmentsOf(job).filter(e => e.startsWith('clerk-')))
          expect(names).toContain(`\`${environment}\``)
  })
})

describe.each(exampleFiles)('examples/%s and its README checklist', file => {
  const workflow = read(file)
  const jobs = Object.entries(workflow.jobs)
  const items = () => lists.get(file) ?? []
  const named = (kind: string) => sorted(items().flatMap(i => (i.kind === kind && i.name ? [i.name] : [])))

  it('has a checklist', () => {
    expect(lists.has(file)).toBe(true)
    expect(items().length).toBeGreaterThan(0)
    for (const item of items()) expect(['Environment', 'Variable', 'Secret', 'Required check']).toContain(item.kind)
  })

  it('lists the GitHub environments its jobs name, and no other', () => {
    expect(named('Environment')).toEqual(sorted(jobs.flatMap(([, job]) => environmentsOf(job))))
  })

  it.each(['Variable', 'Secret'] as const)(
    'lists each %s it reads, in the environment of the job that reads it',
    kind => {
      expect(named(kind)).toEqual(sorted(jobs.flatMap(([, job]) => readsOf(job)[kind])))
      for (const item of items().filter(i => i.kind === kind)) {
        // Where the checklist puts it is where a job that reads it looks.
        expect(item.in.length).toBeGreaterThan(0)
        for (const environment of item.in)
          expect(
            jobs.some(
              ([, job]) => environmentsOf(job).includes(environment) && readsOf(job)[kind].includes(item.name!),
            ),
          ).toBe(true)
      }
      // And every job that reads it finds it in each environment the job may name.
      for (const [, job] of jobs)
        for (const name of readsOf(job)[kind])
          for (const environment of environmentsOf(job))
            expect(items().some(i => i.kind === kind && i.name === name && i.in.includes(environment))).toBe(true)
    },
  )

  it('asks to require only a check it makes: a job of its own, or the check run it publishes', () => {
    const checkRun = jobs.some(([, job]) => (job.steps ?? []).some(s => s.with?.['check-run'] === true))
    for (const name of named('Required check')) {
      const run = /^Clerk preflight \(([\w<>-]+)\)$/.exec(name)
      if (run) expect(checkRun).toBe(true)
      else expect(jobs.some(([id, job]) => id === name || job.name === name)).toBe(true)
    }
    // A check run the example publishes is named on its checklist, for whoever requires it.
    if (checkRun) expect(named('Required check').some(n => n.startsWith('Clerk preflight ('))).toBe(true)
  })
})

describe('one naming scheme', () => {
  it('every example passes each Clerk input from the same variable or secret', () => {
    const sources = new Map<string, Set<string>>()
    for (const file of exampleFiles)
      for (const job of Object.values(read(file).jobs))
        for (const step of job.steps ?? [])
          if (step.uses?.includes('clerk-preflight'))
            for (const [input, value] of Object.entries(step.with ?? {})) {
              const source = /\$\{\{\s*((?:vars|secrets)\.\w+)\s*\}\}/.exec(String(value))?.[1]
              if (source) sources.set(input, (sources.get(input) ?? new Set()).add(source))
            }
    expect(sources.size).toBeGreaterThan(0)
    for (const [input, names] of sources)
      expect({ input, names: [...names] }).toEqual({ input, names: [...names].slice(0, 1) })
  })

  it('the README and docs/ name no variable or secret that no example reads', () => {
    const used = new Set(
      exampleFiles.flatMap(file =>
        Object.values(read(file).jobs).flatMap(job => [
          ...readsOf(job).Variable.map(n => `vars.${n}`),
          ...readsOf(job).Secret.map(n => `secrets.${n}`),
        ]),
      ),
    )
    const docs = readdirSync('docs')
      .filter(f => f.endsWith('.md'))
      .map(f => readFileSync(`docs/${f}`, 'utf8'))
    for (const text of [readme, ...docs])
      for (const m of text.matchAll(/\b(?:vars|secrets)\.[A-Za-z_]\w*/g)) expect(used).toContain(m[0])
  })
})
