import type { z } from 'zod/mini'
import { quote } from '../web/hostname.js'
import { fileOnlyShape, SECRET_SETTINGS, settingsShape, WORKFLOW_SETTINGS } from './schema.js'

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

const EXAMPLES: Record<string, string> = {
  'publishable-key': 'the publishable key from the Clerk dashboard (pk_live_… or pk_test_…)',
  domain: 'a domain name, e.g. example.com',
  'proxy-url': 'an https URL, e.g. https://example.com/__clerk',
  'app-origins': 'a list of origins, e.g. [https://example.com, https://app.example.com]',
  'authorized-parties': 'a list of origins, e.g. [https://example.com]',
  passkeys: 'true or false',
  'allowed-origins':
    'a list of origins as browsers send them, e.g. [chrome-extension://<32-letter extension id>, capacitor://localhost]',
  satellites: 'a list of domain names, e.g. [example.net]',
  url: 'the deployed URL, e.g. https://example.com',
  'protected-paths': 'a list of paths that need a signed-in user, e.g. [/dashboard, /api/private]',
  'dns-servers': 'a list of resolvers, e.g. [1.1.1.1, 8.8.8.8:53, "[2606:4700:4700::1111]:53"]',
  'dns-timeout-ms': 'a whole number of milliseconds between 100 and 60000, e.g. 3000',
  'pr-number': 'the number of a pull request, e.g. 42',
  'run-timeout-ms': 'a whole number of milliseconds between 10000 and 3600000, e.g. 120000',
  'fail-on': 'error, warning or never',
  comment: 'auto, on-failure, always or false',
  'override-label': 'a label name, e.g. clerk-preflight-override',
  'check-run': 'true or false',
  issue: 'auto or false',
  'clerk-api': 'auto, true or false',
  'report-file': 'a file path',
  phase: 'auto, before-deploy or after-deploy',
  environment: 'production, preview, staging, development or a name under environments:',
  environments: 'a map from environment name to its settings',
  'instance-type': 'production or development',
  branches: 'a list of branch names or patterns, e.g. [main, release/*]',
  'mail-id': 'the 12-character id of the mail records, e.g. ab12cd34ef56',
  'secondary-mail': 'true or false',
  'webhook-secret-fingerprint':
    'the 16-character fingerprint the webhooks.secret result shows, in quotes, e.g. "0123456789abcdef"',
}

const KNOWN_KEYS = [
  ...Object.keys(settingsShape),
  ...Object.keys(fileOnlyShape),
  'environment',
  'environments',
  'instance-type',
  'branches',
]

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

export function closestKnownKey(key: string): string | undefined {
  const lower = key.toLowerCase().replace(/_/g, '-')
  const ranked = KNOWN_KEYS.map(k => ({ k, d: editDistance(lower, k) })).sort((x, y) => x.d - y.d)
  const best = ranked[0]
  return best && best.d <= Math.max(2, Math.floor(best.k.length / 4)) ? best.k : undefined
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

/** The fix for a field whose value is wrong: say what is expected, by the field's last name. */
export function valueFix(path: readonly PropertyKey[], where: 'file' | 'input'): string {
  const last = [...path].reverse().find(p => typeof p === 'string' && p in EXAMPLES) as string | undefined
  const field = path.filter(p => typeof p !== 'number').join('.')
  const expected = last ? EXAMPLES[last] : 'a value of the documented form'
  return where === 'file' ? `Set \`${field}\` to ${expected}.` : `Set the input \`${field}\` to ${expected}.`
}

/** Flattens zod's issues into problems; `locate` gives a position in the file for a path (and a key within it). */
export function problemsFromZod(
  error: z.core.$ZodError,
  subject: string,
  where: 'file' | 'input',
  locate: (path: readonly PropertyKey[], key?: string) => { line: number; column: number } | undefined = () =>
    undefined,
): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key]
        problems.push({
          subject: where === 'input' ? key : subject,
          field: path.map(String).join('.'),
          ...unknownKeyFix(key, where),
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
        subject: where === 'input' ? String(issue.path[0] ?? subject) : subject,
        field,
        problem: `${quote(name)} is not an environment name: ${issue.issues[0]?.message ?? 'it has characters it may not have'}`,
        fix: `Rename it, e.g. to \`${name.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9_.-]+/g, '-') || 'staging'}\`.`,
        ...locate(issue.path.slice(0, -1), name),
      })
      continue
    }
    problems.push({
      subject: where === 'input' ? String(issue.path[0] ?? subject) : subject,
      field,
      problem:
        issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')
          ? describeInvalidType(issue)
          : issue.message,
      fix: valueFix(issue.path, where),
      ...locate(issue.path),
    })
  }
  return problems
}

function describeInvalidType(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message
  const got = issue.input === null ? 'empty' : Array.isArray(issue.input) ? 'a list' : typeof issue.input
  const expected = issue.expected === 'object' || issue.expected === 'record' ? 'a map of settings' : issue.expected
  return `expected ${expected}, got ${got}`
}
