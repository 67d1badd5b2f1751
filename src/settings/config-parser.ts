import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml'
import { configFileSchema } from './file-schema.js'
import { problemsFromZod } from './errors.js'
import type { ConfigLoad, Position } from './config-model.js'

/** More aliases than a configuration of this size could need: enough for the file, too few for an expansion bomb. */
export const MAX_ALIASES = 100

/** Parses and validates the file's text; every problem carries the line and column it comes from. */
export function parseConfigText(path: string, text: string): ConfigLoad {
  const lineCounter = new LineCounter()
  // yaml's own duplicate-key check compares each key with every one before it: quadratic in a map's size, seconds for
  // a file of 20,000 keys. duplicateKeyErrors does it in one pass.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const at = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }

  const errors = [
    ...doc.errors.map(e => ({ message: firstLine(e.message), offset: e.pos[0] })),
    ...duplicateKeyErrors(doc),
  ]
  if (errors.length > 0) {
    return {
      ok: false,
      path,
      problems: errors
        .sort((a, b) => a.offset - b.offset)
        .map(e => ({
          subject: path,
          field: '(YAML)',
          problem: `not valid YAML: ${e.message}`,
          fix: 'Fix the YAML syntax at that place (indentation, a missing ":" or an unclosed quote are the usual causes).',
          ...at(e.offset),
        })),
    }
  }

  let data: unknown
  try {
    // A file of aliases can expand without bound (a "billion laughs"); yaml stops at this many and throws.
    data = doc.toJS({ maxAliasCount: MAX_ALIASES }) ?? {}
  } catch (error) {
    return {
      ok: false,
      path,
      problems: [
        {
          subject: path,
          field: '(YAML)',
          problem: `its aliases cannot be expanded: ${firstLine((error as Error).message)}`,
          fix: `Write the values out instead of using anchors and aliases (&name, *name), or use fewer (at most ${MAX_ALIASES}), each after its anchor.`,
          ...at(firstAliasOffset(doc)),
        },
      ],
    }
  }
  const locate = (fieldPath: readonly PropertyKey[], key?: string): Position | undefined =>
    at(offsetOf(doc, fieldPath, key))
  const parsed = configFileSchema.safeParse(data, { reportInput: true })
  if (!parsed.success) {
    return { ok: false, path, problems: problemsFromZod(parsed.error, path, locate) }
  }
  return { ok: true, loaded: { path, present: true, config: parsed.data, locate } }
}

/** A key a map already has, as yaml's check says it (scalar keys are the same when their values are: 1 and "1" are not). */
function duplicateKeyErrors(doc: Document): Array<{ message: string; offset: number }> {
  const errors: Array<{ message: string; offset: number }> = []
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>()
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue
        if (seen.has(pair.key.value))
          errors.push({ message: 'Map keys must be unique', offset: pair.key.range?.[0] ?? 0 })
        else seen.add(pair.key.value)
      }
    },
  })
  return errors
}

function firstAliasOffset(doc: Document): number {
  let offset = 0
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0
      return visit.BREAK
    },
  })
  return offset
}

/** yaml's messages end with their own position and a code excerpt; the problem carries the position already. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '')
}

/** Each map's entries by key, the first of each, built when first asked: a file of many wrong keys is located linearly. */
const entriesByKey = new WeakMap<object, Map<string, unknown>>()

function entryOf(map: { items: unknown[] }, key: string): unknown {
  let entries = entriesByKey.get(map)
  if (!entries) {
    entries = new Map()
    for (const pair of map.items)
      if (isPair(pair) && isScalar(pair.key) && !entries.has(String(pair.key.value)))
        entries.set(String(pair.key.value), pair)
    entriesByKey.set(map, entries)
  }
  return entries.get(key)
}

/** Where a value (or, with `key`, the key of an entry in a map) starts; the nearest existing ancestor otherwise. */
function offsetOf(doc: Document, path: readonly PropertyKey[], key?: string): number | undefined {
  let node: unknown = doc.contents
  let best = isNode(node) ? node.range?.[0] : undefined
  const steps = key === undefined ? path : [...path, key]
  for (const [i, step] of steps.entries()) {
    if (!isMap(node) && !(isNode(node) && 'items' in node)) break
    const items = (node as { items: unknown[] }).items
    let next: unknown
    if (typeof step === 'number') {
      next = items[step]
    } else {
      const pair = entryOf(node as { items: unknown[] }, String(step))
      if (isPair(pair)) {
        // The key of an unknown entry is what the user should look at; of a known one, its value.
        const target = i === steps.length - 1 && key !== undefined ? pair.key : (pair.value ?? pair.key)
        next = target
      }
    }
    if (!isNode(next)) break
    best = next.range?.[0] ?? best
    node = next
  }
  return best
}
