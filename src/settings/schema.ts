import * as z from 'zod/mini'
import { allowedOriginOf } from '../clerk/allowed-origins.js'
import { ipVersion, normalizeHostname, quote } from '../web/hostname.js'
import { INPUT_DEFAULTS } from './action-inputs.js'

/**
 * One schema for the settings that can come from action inputs (always strings) and from the YAML file (native types),
 * so both are validated, coerced and documented the same way. Field names are the input names of action.yml.
 *
 * The tables below are declarations: each field names its kind (how a value is read), its description (the JSON
 * Schema's) and, where its kind's is not enough, what a valid value looks like (an error's fix says it). No zod schema
 * is built until a value needs reading, and then only that field's: a run builds the fields of the inputs it was given
 * (and the whole file's schema only when there is a file), since building every schema was most of a run's start-up
 * (npm run bench). zod/mini rather than classic zod, for the same reason.
 */

export function splitList(value: string | string[]): string[] {
  const items = Array.isArray(value) ? value : value.split(/[,\n]/)
  return items.map(s => s.trim()).filter(s => s !== '')
}

/** Builds once, when first asked. */
function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined
  return () => (built ??= { value: build() }).value
}

/** What a valid value looks like, given the default action.yml states for the field (when it states one). */
type Expected = string | ((stated: string | undefined) => string)

/** How a value is read: its schema, built when first needed, and what a valid value looks like. */
interface Kind<T extends z.ZodMiniType> {
  schema: () => T
  expected?: Expected
}

const kind = <T extends z.ZodMiniType>(build: () => T, expected?: Expected): Kind<T> => ({
  schema: once(build),
  expected,
})

/** A setting: its kind, its description (the JSON Schema's), and what a valid value looks like when its kind's is not. */
interface Field<T extends z.ZodMiniType> {
  kind: Kind<T>
  description: string
  expected?: string
}

const field = <T extends z.ZodMiniType>(kind: Kind<T>, description: string, expected?: string): Field<T> => ({
  kind,
  description,
  expected,
})

/** Rejects the value being parsed with a message; a transform's way of failing. */
function reject(ctx: z.core.ParsePayload, message: string): never {
  ctx.issues.push({ code: 'custom', message, input: ctx.value })
  return z.NEVER
}

/** A string made canonical by `convert`, which says what is wrong with it when it cannot. */
function converted(convert: (value: string) => string | { problem: string }) {
  return z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const out = convert(value)
      return typeof out === 'string' ? out : reject(ctx, out.problem)
    }),
  )
}

/** "a, b or c", as a sentence lists the values. */
const either = (values: readonly string[]) =>
  values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}` : (values[0] ?? '')

/** One of `values`; `shown` are the ones an error names (an older spelling still accepted is not proposed). */
const oneOf = <const V extends readonly [string, ...string[]]>(values: V, shown: readonly string[] = values) =>
  kind(() => z.enum(values, { error: `must be ${either(shown)}` }), either(shown))

const list = kind(() =>
  z.pipe(
    z.union([z.array(z.string()), z.string()], {
      error: 'must be a list, or a string of items separated by commas or newlines',
    }),
    z.transform(splitList),
  ),
)

/** A list whose items `item` reads. */
const listOf = <T extends z.ZodMiniType<string, string>>(item: () => T, expected?: string) =>
  kind(() => z.pipe(list.schema(), z.array(item())), expected)

const bool = kind(
  () =>
    z.pipe(
      z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' }),
      z.transform(v => v === true || v === 'true'),
    ),
  'true or false',
)

const hostnameItem = once(() =>
  converted(value => normalizeHostname(value) ?? { problem: `${quote(value)} is not a domain name like example.com` }),
)

function originOf(value: string): string | { problem: string } {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { problem: `${quote(value)} is not a URL like https://example.com` }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { problem: `${quote(value)} is not an http(s) origin` }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    return { problem: `${quote(value)} has more than an origin (use ${url.origin})` }
  }
  return url.origin
}

const httpsUrl = kind(
  () =>
    converted(value => {
      try {
        const url = new URL(value)
        if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString()
      } catch {
        // reported below
      }
      return { problem: `${quote(value)} is not an http(s) URL` }
    }),
  'an https URL, e.g. https://example.com',
)

/** At most this many origins are looked for in the instance's allowed_origins. */
export const MAX_ALLOWED_ORIGINS = 100

/** At most this many protected paths are probed (each on the app and on each satellite). */
export const MAX_PROTECTED_PATHS = 10

/** A path of the deployed app, as a browser asks it: `/dashboard`, `/api/private?x=1`. */
function appPathOf(value: string): string | { problem: string } {
  const path = value.trim()
  if (!path.startsWith('/') || path.startsWith('//') || /[\s#\\]/.test(path) || path.length > 2000)
    return { problem: `${quote(value)} is not a path of the app like /dashboard` }
  return path
}

/** `ip`, `ip:port` or `[ipv6]:port`, as a resolver address; returns the canonical `host:port`-free form used by node:dns. */
export function parseDnsServer(value: string): string | undefined {
  const v = value.trim()
  if (ipVersion(v)) return v
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(v)
  if (bracketed && ipVersion(bracketed[1] ?? '') === 6 && validPort(bracketed[2])) return v
  const ipv4 = /^([^:]+):(\d{1,5})$/.exec(v)
  if (ipv4 && ipVersion(ipv4[1] ?? '') === 4 && validPort(ipv4[2])) return v
  return undefined
}

function validPort(text: string | undefined): boolean {
  const port = Number(text)
  return Number.isInteger(port) && port > 0 && port < 65536
}

/** A whole number, from YAML or an input's text. */
const wholeNumber = (error: string) =>
  z.pipe(z.union([z.number(), z.string().check(z.regex(/^\s*\d+\s*$/, error))], { error }), z.transform(Number))

const WHOLE_MS = 'must be a whole number of milliseconds'
const milliseconds = (min: number, max: number) =>
  kind(
    () =>
      z.pipe(
        wholeNumber(WHOLE_MS),
        z.int().check(z.gte(min, `must be at least ${min} ms`), z.lte(max, `must be at most ${max} ms`)),
      ),
    stated => `a whole number of milliseconds between ${min} and ${max}, e.g. ${stated ?? min}`,
  )
const timeoutMs = milliseconds(100, 60_000)

const nonEmpty = kind(() => z.string().check(z.trim(), z.minLength(1, 'must not be empty')))

export const FAIL_ON = ['error', 'warning', 'never'] as const
export const TRI_STATE = ['auto', 'true', 'false'] as const
export const COMMENT = ['auto', 'on-failure', 'always', 'true', 'false'] as const
export type CommentPolicy = 'auto' | 'on-failure' | 'always' | 'false'
export const ISSUE = ['auto', 'false'] as const
export type IssuePolicy = (typeof ISSUE)[number]
export const PHASES = ['auto', 'before-deploy', 'after-deploy'] as const

const triState = kind(
  () =>
    z.pipe(
      z.union([z.boolean(), z.enum(TRI_STATE)], { error: `must be ${either(TRI_STATE)}` }),
      z.transform(v => String(v) as (typeof TRI_STATE)[number]),
    ),
  either(TRI_STATE),
)

/** `true` is the older spelling of `always`: accepted, never proposed. */
const SHOWN_COMMENT = COMMENT.filter(v => v !== 'true')
const comment = kind(
  () =>
    z.pipe(
      z.union([z.boolean(), z.enum(COMMENT)], { error: `must be ${either(COMMENT)}` }),
      z.transform(v => (String(v) === 'true' ? 'always' : String(v)) as CommentPolicy),
    ),
  either(SHOWN_COMMENT),
)

/**
 * Every setting an input may give; the file's top level and environment sections, those WORKFLOW_SETTINGS leaves.
 * A default is said once, in action.yml ("Default 3000."): descriptions here do not repeat it, and the JSON Schema
 * and the errors' examples take it from src/settings/action-inputs.ts.
 */
export const SETTINGS = {
  'publishable-key': field(
    nonEmpty,
    'The Clerk publishable key (public; pk_live_… or pk_test_…).',
    'the publishable key from the Clerk dashboard (pk_live_… or pk_test_…)',
  ),
  domain: field(
    kind(hostnameItem, 'a domain name, e.g. example.com'),
    'Production domain of the Clerk instance (example.com).',
  ),
  'proxy-url': field(
    httpsUrl,
    'Frontend API proxy URL, when the instance uses a proxy.',
    'an https URL, e.g. https://example.com/__clerk',
  ),
  'app-origins': field(
    listOf(
      once(() => converted(originOf)),
      'a list of origins, e.g. [https://example.com, https://app.example.com]',
    ),
    'Origins that serve the app (https://example.com).',
  ),
  'authorized-parties': field(
    list,
    'The authorizedParties list passed to clerkMiddleware() / authenticateRequest().',
    'a list of origins, e.g. [https://example.com]',
  ),
  passkeys: field(bool, 'Whether the app offers passkeys.'),
  'jwt-templates': field(
    listOf(
      once(() =>
        converted(value =>
          value.length <= 100 && !/[\s/]/.test(value)
            ? value
            : { problem: `${quote(value)} is not a JWT template name (one word, as on the Clerk dashboard)` },
        ),
      ),
      'a list of JWT template names, as on the Clerk dashboard, e.g. [supabase]',
    ),
    'Names of the JWT templates the app asks for (getToken({ template })), checked by clerk.jwt-templates.',
  ),
  'allowed-origins': field(
    kind(
      () =>
        z.pipe(
          list.schema(),
          z
            .array(converted(allowedOriginOf))
            .check(z.maxLength(MAX_ALLOWED_ORIGINS, `must list at most ${MAX_ALLOWED_ORIGINS} origins`)),
        ),
      'a list of origins as browsers send them, e.g. [chrome-extension://<32-letter extension id>, capacitor://localhost]',
    ),
    "Origins of browser extensions and native or desktop shells that talk to Clerk (chrome-extension://<id>, capacitor://localhost), checked against the instance's allowed_origins by clerk.allowed-origins.",
  ),
  satellites: field(
    listOf(hostnameItem, 'a list of domain names, e.g. [example.net]'),
    'Satellite domains of the production instance.',
  ),
  url: field(
    httpsUrl,
    'The deployed app, fetched for the csp and deploy.publishable-key checks.',
    'the deployed URL, e.g. https://example.com',
  ),
  'webhook-url': field(
    httpsUrl,
    'The deployed webhook endpoint, probed by webhooks.endpoint.',
    'an https URL, e.g. https://example.com/api/webhooks/clerk',
  ),
  'protected-paths': field(
    kind(
      () =>
        z.pipe(
          list.schema(),
          z
            .array(converted(appPathOf))
            .check(z.maxLength(MAX_PROTECTED_PATHS, `must list at most ${MAX_PROTECTED_PATHS} paths`)),
        ),
      'a list of paths that need a signed-in user, e.g. [/dashboard, /api/private]',
    ),
    'Paths of the deployed app that need a signed-in user (/dashboard), probed signed out by deploy.middleware.',
  ),
  'development-publishable-key': field(
    nonEmpty,
    "The development instance's publishable key (public), so that oauth.providers can compare social connections.",
    "the development instance's publishable key from the Clerk dashboard (pk_test_…)",
  ),
  'live-checks': field(
    triState,
    'Probe the live deployment: auto (production, and wherever url or webhook-url is given), true or false.',
  ),
  'http-timeout-ms': field(timeoutMs, 'Deadline of one HTTPS exchange in milliseconds.'),
  'dns-servers': field(
    listOf(
      once(() =>
        converted(value => parseDnsServer(value) ?? { problem: `${quote(value)} is not ip, ip:port or [ipv6]:port` }),
      ),
      'a list of resolvers, e.g. [1.1.1.1, 8.8.8.8:53, "[2606:4700:4700::1111]:53"]',
    ),
    'Resolvers to ask: ip, ip:port or [ipv6]:port.',
  ),
  'dns-timeout-ms': field(timeoutMs, 'Timeout of one DNS query in milliseconds.'),
  'fail-on': field(oneOf(FAIL_ON), 'When the step fails: error, warning or never.'),
  comment: field(
    comment,
    'Pull-request comment: auto (created on warn or fail, always updated), on-failure (created on fail only, always updated), always (also created on a pass), or false.',
  ),
  'override-label': field(
    nonEmpty,
    'A pull-request label that stops the gate from failing.',
    'a label name, e.g. clerk-preflight-override',
  ),
  'check-run': field(bool, 'Also publish a check run.'),
  issue: field(
    oneOf(ISSUE),
    'The drift watch: auto opens one issue per environment on schedule and workflow_dispatch runs when the gate fails, updates it while failing, and closes it when it passes; false never.',
  ),
  'clerk-api': field(triState, "Ask Clerk's APIs: auto, true or false."),
  'report-file': field(nonEmpty, 'Where the JSON report is written.', 'a file path'),
  'pr-number': field(
    kind(
      () =>
        z.pipe(wholeNumber('must be a pull request number'), z.int().check(z.gte(1, 'must be a pull request number'))),
      'the number of a pull request, e.g. 42',
    ),
    'The pull request to comment on (when not the event’s, or the open one whose head is the commit).',
  ),
  phase: field(
    oneOf(PHASES),
    'before-deploy (what is live is the previous release: findings about the app itself are at most warn), after-deploy, or auto (after-deploy on deployment_status, else before-deploy).',
  ),
  'run-timeout-ms': field(
    milliseconds(10_000, 3_600_000),
    'Deadline of the whole run in milliseconds: unfinished checks become error, and the report is still written.',
  ),
}

export type SettingName = keyof typeof SETTINGS

/**
 * What decides the gate and where data goes: the workflow's alone. On a pull request the configuration file is the
 * pull request's author's, so the file may not hold these (settings/errors.ts says where they go instead). `url` is
 * where the bypass secret goes (an input or the event names it, never the file); the timeouts decide what a check may
 * give up on (a file's `http-timeout-ms: 100` would make Clerk's API "unreachable" and its checks fall back to less).
 */
export const WORKFLOW_SETTINGS = [
  'fail-on',
  'override-label',
  'live-checks',
  'clerk-api',
  'dns-servers',
  'webhook-url',
  'url',
  'pr-number',
  'report-file',
  'phase',
  'comment',
  'check-run',
  'issue',
  'http-timeout-ms',
  'dns-timeout-ms',
  'run-timeout-ms',
] as const satisfies readonly SettingName[]

/** The settings the file may hold: it describes the app (environments, domains, origins, satellites, public keys). */
const APP_SETTINGS = Object.fromEntries(
  Object.entries(SETTINGS).filter(([name]) => !(WORKFLOW_SETTINGS as readonly string[]).includes(name)),
) as Omit<typeof SETTINGS, (typeof WORKFLOW_SETTINGS)[number]>

/** Settings only the file can hold: they describe the instance, not one run. */
export const FILE_ONLY_SETTINGS = {
  'mail-id': field(
    kind(
      () =>
        z
          .string()
          .check(
            z.regex(
              /^[a-z0-9]{12}$/,
              'must be the 12 lower-case letters and digits of the mail records (mail.<id>.clerk.services)',
            ),
          ),
      'the 12-character id of the mail records, e.g. ab12cd34ef56',
    ),
    "The instance's mail token, as in clkmail's target mail.<id>.clerk.services; pins the mail records.",
  ),
  'secondary-mail': field(
    bool,
    'Whether the instance also has the secondary mail records (clkmail2 and its DKIM and tracking records).',
  ),
}

/** An environment's name: the file's section keys, and the comment's marker. */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

/** What only an environment's section holds. */
const SECTION_SETTINGS = {
  'instance-type': field(
    oneOf(['production', 'development']),
    'The Clerk instance type this environment deploys against.',
  ),
  branches: field(
    list,
    'Branches (glob patterns with *) whose pushes target this environment.',
    'a list of branch names or patterns, e.g. [main, release/*]',
  ),
  'webhook-secret-fingerprint': field(
    kind(
      // Unquoted, YAML reads an all-digit fingerprint as a number and loses it.
      () =>
        z
          .string({ error: 'must be a quoted string, e.g. "0123456789abcdef"' })
          .check(z.regex(/^[0-9a-f]{16}$/, 'must be the 16 hexadecimal characters the webhooks.secret check reports')),
      'the 16-character fingerprint the webhooks.secret result shows, in quotes, e.g. "0123456789abcdef"',
    ),
    "The fingerprint webhooks.secret reports for this environment's webhook signing secret (not the secret): lets production notice another environment's secret.",
  ),
}

const environment = field(
  nonEmpty,
  'Target environment, when not inferred.',
  'production, preview, staging, development or a name under environments:',
)

/** The file's top level only, past the app's settings. */
const TOP_LEVEL_SETTINGS = {
  environment,
  environments: field(
    kind(
      () => z.record(environmentNameSchema(), environmentSectionSchema()),
      'a map from environment name to its settings',
    ),
    'Per-environment settings: production, preview, staging, development or a name of your own.',
  ),
}

/** Every field, by name: what an error's fix says a valid value looks like, and what a misspelt key may have meant. */
export const EVERY_FIELD: Record<string, Field<z.ZodMiniType>> = {
  ...SETTINGS,
  ...FILE_ONLY_SETTINGS,
  ...TOP_LEVEL_SETTINGS,
  ...SECTION_SETTINGS,
}

/** What a valid value of the field looks like, for an error's fix; undefined for a name that is no field. */
export function expectedValue(name: string): string | undefined {
  const f = Object.hasOwn(EVERY_FIELD, name) ? EVERY_FIELD[name] : undefined
  const expected = f?.expected ?? f?.kind.expected
  const stated = (INPUT_DEFAULTS as Record<string, string>)[name]
  return typeof expected === 'function' ? expected(stated) : expected
}

type Built<F> = F extends Field<infer T> ? z.ZodMiniOptional<T> : never
type Shape<Fields> = { -readonly [K in keyof Fields]: Built<Fields[K]> }

const builtFields = new Map<Field<z.ZodMiniType>, z.ZodMiniType>()

/** The field's schema (optional, described), built once. */
function built<T extends z.ZodMiniType>(f: Field<T>): z.ZodMiniOptional<T> {
  let schema = builtFields.get(f)
  if (!schema) {
    schema = z.optional(f.kind.schema().check(z.describe(f.description)))
    builtFields.set(f, schema)
  }
  return schema as z.ZodMiniOptional<T>
}

function shapeOf<Fields extends Record<string, Field<z.ZodMiniType>>>(fields: Fields): Shape<Fields> {
  return Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, built(f)])) as Shape<Fields>
}

/** One setting's schema, built on first use. */
export function settingSchema<K extends SettingName>(name: K): Built<(typeof SETTINGS)[K]> {
  return built(SETTINGS[name] as Field<z.ZodMiniType>) as Built<(typeof SETTINGS)[K]>
}

const environmentNameSchema = once(() =>
  z.string().check(z.regex(ENVIRONMENT_NAME, 'an environment name is letters, digits, "-", "_" or "."')),
)

export const environmentSectionSchema = once(() =>
  z.strictObject({ ...shapeOf(APP_SETTINGS), ...shapeOf(FILE_ONLY_SETTINGS), ...shapeOf(SECTION_SETTINGS) }),
)

/** The configuration file's schema: built only in a run that has a file. */
export const configFileSchema = once(() =>
  z.strictObject({ ...shapeOf(APP_SETTINGS), ...shapeOf(FILE_ONLY_SETTINGS), ...shapeOf(TOP_LEVEL_SETTINGS) }),
)

const inputShape = { ...SETTINGS, environment }

/**
 * Inputs are strings; this is what they may set (everything but the file's environment sections). Built for the
 * inputs given only: every field is optional, so the fields of inputs not given would find nothing to read, and a
 * name that is no input's is refused as unknown all the same.
 */
export function inputSettingsSchema(given: readonly string[]) {
  const names = Object.keys(inputShape).filter(name => given.includes(name)) as (keyof typeof inputShape)[]
  // Typed as the whole shape: the fields left out are optional, and read nothing where they were not given.
  return z.strictObject(
    Object.fromEntries(names.map(name => [name, built(inputShape[name] as Field<z.ZodMiniType>)])) as Shape<
      typeof inputShape
    >,
  )
}

export type Settings = z.output<z.ZodMiniObject<Shape<typeof inputShape>>>
export type ConfigFile = z.output<ReturnType<typeof configFileSchema>>

/** Inputs that hold secrets: never accepted from the file, which is committed to the repository. */
export const SECRET_SETTINGS = [
  'secret-key',
  'webhook-signing-secret',
  'platform-api-key',
  'github-token',
  'vercel-protection-bypass',
] as const
