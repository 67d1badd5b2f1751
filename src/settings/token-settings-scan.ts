import { isSourceFile, walkWorkspace } from './workspace-scan.js'

/**
 * What the app's code and configuration say about the tokens it asks Clerk for and about who verifies them, read in one
 * bounded walk of the workspace (the one the authorizedParties heuristic uses: at most 5,000 files of at most 1 MiB,
 * dependencies and build output skipped). Every pass over a file is linear, and every list is bounded.
 */
export interface TokenSettingsScan {
  /** JWT template names the app's source asks for (`getToken({ template: '…' })`), tests left out. */
  templates: TemplateUse[]
  /** Convex's `convex/auth.config.*`: the issuer settings of its providers. */
  convex: ConfigFileSettings[]
  /** Supabase's `supabase/config.toml` with a `[auth.third_party.clerk]` section. */
  supabase: ConfigFileSettings[]
}

export interface TemplateUse {
  name: string
  /** Where it is first asked for: `path:line`. */
  at: string
}

/** A setting's value as written: a string, a variable it is read from, or an expression the scan does not evaluate. */
export type WrittenValue = { literal: string } | { variable: string } | { expression: string }

export interface IssuerSetting {
  /** The setting's name in its file (`domain`, `issuer`, `jwks`). */
  field: string
  value: WrittenValue
  line: number
}

export interface ConfigFileSettings {
  file: string
  settings: IssuerSetting[]
  /** Supabase's `enabled`: a section that is off verifies nothing. */
  enabled?: boolean
}

/** Names and files past these are not the app's: a workspace is bounded, and so is what a report repeats of it. */
export const MAX_TEMPLATE_NAMES = 50
const MAX_SETTINGS_PER_FILE = 20
const MAX_VALUE_CHARS = 2048
/** How far after `getToken(` its options are looked for. */
const GET_TOKEN_WINDOW = 400

/**
 * Test code asks for tokens a deployed app never does (fixtures, mocks): folders and file names that hold tests are left
 * out of the template scan.
 */
const TEST_FOLDERS = /(?:^|\/)(?:__tests__|__mocks__|tests?|e2e|cypress|playwright|spec)\//
const TEST_FILES = /\.(?:test|spec|stories|cy)\.[cm]?[jt]sx?$/

export function isTestPath(path: string): boolean {
  return TEST_FOLDERS.test(path) || TEST_FILES.test(path)
}

/** Convex reads `auth.config.ts` (or .js) from its functions folder, `convex/` (docs.convex.dev/config/auth.config.ts). */
const CONVEX_AUTH_CONFIG = /(?:^|\/)convex\/auth\.config\.[cm]?[jt]s$/
/** The Supabase CLI's project file (supabase.com/docs/guides/auth/third-party/clerk). */
const SUPABASE_CONFIG = /(?:^|\/)supabase\/config\.toml$/

const scans = new Map<string, TokenSettingsScan>()

/** The workspace's token settings, read once per run whatever the number of checks that ask. */
export function scanTokenSettings(root: string): TokenSettingsScan {
  let scan = scans.get(root)
  if (!scan) {
    scan = readWorkspace(root)
    scans.set(root, scan)
  }
  return scan
}

function readWorkspace(root: string): TokenSettingsScan {
  const templates = new Map<string, TemplateUse>()
  const convex: ConfigFileSettings[] = []
  const supabase: ConfigFileSettings[] = []
  walkWorkspace(
    root,
    name => isSourceFile(name) || name === 'config.toml',
    ({ path, bytes }) => {
      if (CONVEX_AUTH_CONFIG.test(path)) {
        convex.push({ file: path, settings: convexIssuerSettings(bytes.toString('utf8')) })
      } else if (SUPABASE_CONFIG.test(path)) {
        const section = supabaseClerkSection(bytes.toString('utf8'))
        if (section) supabase.push({ file: path, ...section })
      }
      if (!isSourceFile(path) || isTestPath(path) || bytes.indexOf('getToken(') === -1) return
      for (const use of templateNames(bytes.toString('utf8'))) {
        if (templates.size >= MAX_TEMPLATE_NAMES) break
        if (!templates.has(use.name)) templates.set(use.name, { name: use.name, at: `${path}:${use.line}` })
      }
    },
  )
  const byPath = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
  return {
    templates: [...templates.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    convex: convex.sort(byPath),
    supabase: supabase.sort(byPath),
  }
}

/**
 * The template names in `getToken({ template: '…' })` calls (clerk-docs, reference/javascript/session.mdx: `getToken`'s
 * `template` option; the same in `useAuth().getToken` and `auth().getToken`): a string literal within the call's first
 * few hundred characters. Each call is looked at once, within a bounded window, so a file is read in linear time.
 */
export function templateNames(text: string): Array<{ name: string; line: number }> {
  const found: Array<{ name: string; line: number }> = []
  const option = /^\s*\{[^}]*?\btemplate\s*:\s*(["'`])([^"'`\n\\$]{1,100})\1/
  let line = 1
  let counted = 0
  for (let at = text.indexOf('getToken('); at !== -1; at = text.indexOf('getToken(', at + 9)) {
    const match = option.exec(text.slice(at + 9, at + 9 + GET_TOKEN_WINDOW))
    if (!match?.[2]) continue
    line += countLines(text, counted, at)
    counted = at
    found.push({ name: match[2].trim(), line })
  }
  return found.filter(use => use.name !== '')
}

function countLines(text: string, from: number, to: number): number {
  let lines = 0
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) lines++
  return lines
}

/**
 * The issuer settings of a Convex `auth.config.*`: each provider's `domain` (an OIDC provider, as Clerk's integration
 * writes it) and a custom JWT provider's `issuer` and `jwks` (docs.convex.dev/config/auth.config.ts). A value is a string
 * literal, `process.env.NAME` (set on the Convex deployment), Convex's `env.NAME`, or an expression this scan does not
 * evaluate. Commented-out lines are passed over.
 */
export function convexIssuerSettings(text: string): IssuerSetting[] {
  const settings: IssuerSetting[] = []
  const property =
    /\b(domain|issuer|jwks)\s*:\s*(?:(["'`])([^"'`\n\\$]{0,2048})\2|process\.env\.([A-Za-z_]\w{0,99})|process\.env\[\s*(["'])([A-Za-z_]\w{0,99})\5\s*\]|env\.([A-Za-z_]\w{0,99})|([^,}\n]{1,200}))/g
  let line = 1
  let counted = 0
  for (let match = property.exec(text); match; match = property.exec(text)) {
    line += countLines(text, counted, match.index)
    counted = match.index
    const lineStart = text.lastIndexOf('\n', match.index) + 1
    if (/^\s*(?:\/\/|\*|\/\*)/.test(text.slice(lineStart, match.index))) continue
    const [, field = '', , literal, processEnv, , bracketed, convexEnv, expression] = match
    const value: WrittenValue =
      literal !== undefined
        ? { literal }
        : (processEnv ?? bracketed ?? convexEnv)
          ? { variable: (processEnv ?? bracketed ?? convexEnv) as string }
          : { expression: (expression ?? '').trim() }
    settings.push({ field, value, line })
    if (settings.length >= MAX_SETTINGS_PER_FILE) break
  }
  return settings
}

/**
 * Supabase's third-party Clerk section of `supabase/config.toml`: `[auth.third_party.clerk]` with `enabled` and
 * `domain` (supabase/cli, pkg/config/auth.go: `tpaClerk`, whose issuer is `https://<domain>`). A value may be
 * `env(NAME)`, which the CLI reads from the environment. A line reader for the few TOML forms that section takes
 * (basic and literal strings, booleans, comments), linear in the file.
 */
export function supabaseClerkSection(text: string): Omit<ConfigFileSettings, 'file'> | undefined {
  let inSection = false
  let found = false
  let enabled: boolean | undefined
  const settings: IssuerSetting[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    const header = /^\[\s*([^\]]*?)\s*\]/.exec(line)
    if (header) {
      inSection = header[1]?.replace(/\s+/g, '') === 'auth.third_party.clerk'
      found ||= inSection
      return
    }
    if (!inSection) return
    const pair = /^(enabled|domain)\s*=\s*(?:"([^"\\]{0,2048})"|'([^']{0,2048})'|(true|false))\s*(?:#.*)?$/.exec(line)
    if (!pair) return
    if (pair[1] === 'enabled') enabled = pair[4] === 'true'
    else {
      const written = (pair[2] ?? pair[3] ?? '').trim()
      const variable = /^env\(\s*([A-Za-z_]\w{0,99})\s*\)$/.exec(written)?.[1]
      settings.push({ field: 'domain', value: variable ? { variable } : { literal: written }, line: i + 1 })
    }
  })
  return found ? { settings, enabled } : undefined
}

/** The literal a written value holds, its variable's value when the run has it, else undefined. */
export function resolvedValue(value: WrittenValue, variables: Record<string, string>): string | undefined {
  if ('literal' in value) return value.literal.slice(0, MAX_VALUE_CHARS)
  if ('variable' in value) return variables[value.variable]
  return undefined
}
