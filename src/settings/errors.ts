import type { z } from 'zod/mini'
import { quote } from '../web/hostname.js'
import { EVERY_FIELD, expectedValue, SECRET_SETTINGS, WORKFLOW_SETTINGS, wrongType } from './schema.js'

/** One thing wrong with the inputs or the configuration file: becomes one failing `config` result. */
export interface ConfigProblem {
  /** The file's path or the input's name. */
  subject: string
  /** Dotted path of the field (`environments.production.domain`) or the input name. */
  field: string
  problem: string
  fix: string
  line?: number
  column?: number
}

/** Every key the file or the inputs may hold, for a misspelt one's guess. */
const KNOWN_KEYS = Object.keys(EVERY_FIELD)

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length] as number
}

/** How far a misspelling may be from a known key for it to be guessed. */
const editsAllowed = (known: string) => Math.max(2, Math.floor(known.length / 4))
const MOST_EDITS = Math.max(...KNOWN_KEYS.map(editsAllowed))

export function closestKnownKey(key: string): string | undefined {
  const lower = key.toLowerCase().replace(/_/g, '-')
  let best: { k: string; d: number } | undefined
  for (const k of KNOWN_KEYS) {
    // The distance is at least the difference in length: a key too long or short to be guessed is not measured (a
    // file of thousands of unknown keys, or one of 200 KiB, costs no more than it must).
    if (Math.abs(lower.length - k.length) > MOST_EDITS) continue
    const d = editDistance(lower, k)
    if (!best || d < best.d) best = { k, d }
  }
  return best && best.d <= editsAllowed(best.k) ? best.k : undefined
}

export function unknownKeyFix(key: string, where: 'file' | 'input'): { problem: string; fix: string } {
  if ((SECRET_SETTINGS as readonly string[]).includes(key)) {
    return {
      problem: `\`${key}\` holds a secret and cannot be set in the configuration file, which is committed`,
      fix: `Remove \`${key}\` from the file and pass it from a GitHub secret: \`with: ${key}: \${{ secrets.… }}\`.`,
    }
  }
  if (where === 'file' && (WORKFLOW_SETTINGS as readonly string[]).includes(key)) {
    return {
      problem: `\`${key}\` decides the gate or where data goes, so it is the workflow's alone: on a pull request the configuration file is the pull request's author's`,
      fix: `Remove \`${key}\` from the file and set it in the workflow's \`with:\` (\`with: ${key}: …\`).`,
    }
  }
  const guess = closestKnownKey(key)
  return {
    problem: `\`${key}\` is not a known ${where === 'file' ? 'setting' : 'input'}`,
    fix: guess ? `Did you mean \`${guess}\`?` : `Remove it; the settings are listed in the README.`,
  }
}

/**
 * The fix for a field whose value is wrong: say what is expected, by the field's last name, as the schema declares it
 * (src/settings/schema.ts: the field's own words, else its kind's, with the default action.yml states).
 */
export function valueFix(path: readonly PropertyKey[], where: 'file' | 'input'): string {
  const expected =
    [...path]
      .reverse()
      .map(p => (typeof p === 'string' ? expectedValue(p) : undefined))
      .find(e => e !== undefined) ?? 'a value of the documented form'
  const field = path.filter(p => typeof p !== 'number').join('.')
  return where === 'file' ? `Set \`${field}\` to ${expected}.` : `Set the input \`${field}\` to ${expected}.`
}

/**
 * Flattens zod's issues with the configuration file into problems; `locate` gives a position in the file for a path (and
 * a key within it). (The inputs are read without zod: src/settings/input-settings.ts.)
 */
export function problemsFromZod(
  error: z.core.$ZodError,
  subject: string,
  locate: (path: readonly PropertyKey[], key?: string) => { line: number; column: number } | undefined = () =>
    undefined,
): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key]
        problems.push({
          subject,
          field: path.map(String).join('.'),
          ...unknownKeyFix(key, 'file'),
          ...locate(issue.path, key),
        })
      }
      continue
    }
    const field = issue.path.map(String).join('.') || '(top level)'
    if (issue.code === 'invalid_key') {
      // The only keys with rules of their own are environment names.
      const name = String(issue.path[issue.path.length - 1])
      problems.push({
        subject,
        field,
        problem: `${quote(name)} is not an environment name: ${issue.issues[0]?.message ?? 'it has characters it may not have'}`,
        fix: `Rename it, e.g. to \`${name.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9_.-]+/g, '-') || 'staging'}\`.`,
        ...locate(issue.path.slice(0, -1), name),
      })
      continue
    }
    problems.push({
      subject,
      field,
      problem:
        issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')
          ? describeInvalidType(issue)
          : issue.message,
      fix: valueFix(issue.path, 'file'),
      ...locate(issue.path),
    })
  }
  return problems
}

function describeInvalidType(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message
  return wrongType(
    issue.expected === 'object' || issue.expected === 'record' ? 'a map of settings' : issue.expected,
    issue.input,
  )
}
