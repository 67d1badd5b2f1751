import { parse } from 'acorn'
import { simple } from 'acorn-walk'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

// What scripts/bundle.mjs does to the entry for a faster start (CONTRIBUTING.md, "Start-up, step by step"): an ncc or
// terser upgrade that changed its output would lose it without failing anything else.
describe('the bundled entry', () => {
  const entries = ['dist/index.js', 'dist/cli/index.js', 'dist/actions-core.js']

  it.each(entries)('%s is ASCII: V8 keeps it one byte a character', file => {
    const text = readFileSync(file, 'latin1')
    expect([...text].filter(c => c.charCodeAt(0) > 0x7f)).toEqual([])
  })

  it.each(entries.slice(0, 2))('%s has every module function of its table in parentheses: parsed once', file => {
    const text = readFileSync(file, 'utf8')
    let modules = 0
    let bare = 0
    simple(parse(text, { ecmaVersion: 'latest', allowHashBang: true, preserveParens: true }), {
      ObjectExpression(node) {
        // The module table: numbers to functions. Parenthesized, a function is a ParenthesizedExpression here.
        const values = node.properties.map(p =>
          p.type === 'Property' && p.key.type === 'Literal' && typeof p.key.value === 'number' ? p.value : undefined,
        )
        if (values.length === 0 || values.includes(undefined)) return
        for (const value of values) {
          if (value?.type === 'ParenthesizedExpression') modules++
          else if (value?.type === 'ArrowFunctionExpression' || value?.type === 'FunctionExpression') bare++
        }
      },
    })
    expect(modules).toBeGreaterThan(5)
    expect(bare).toBe(0)
  })

  it.each(entries.slice(0, 2))('%s holds no zod: it comes with the YAML parser, when there is a file', file => {
    // zod's error class names itself; the file's schema (src/settings/file-schema.ts) needs it, the inputs do not.
    expect(readFileSync(file, 'utf8')).not.toContain('$ZodError')
    const chunks = readdirSync(dirname(file)).filter(f => /^\d+\.index\.js$/.test(f))
    const withZod = chunks.filter(f => readFileSync(join(dirname(file), f), 'utf8').includes('$ZodError'))
    expect(withZod).toHaveLength(1)
    expect(readFileSync(join(dirname(file), withZod[0] as string), 'utf8')).toContain('LineCounter')
  })
})
