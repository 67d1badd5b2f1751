import { parse } from 'acorn'
import { simple } from 'acorn-walk'
import { readFileSync } from 'node:fs'

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
})
