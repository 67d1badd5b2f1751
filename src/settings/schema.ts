import * as z from 'zod/mini'
import { allowedOriginOf } from '../clerk/allowed-origins.js'
import { ipVersion, normalizeHostname, quote } from '../web/hostname.js'

/**
 * One schema for the settings that can come from action inputs (always strings) and from the YAML file (native types),
 * so both are validated, coerced and documented the same way. Field names are the input names of action.yml.
 * zod/mini rather than classic zod: every run builds this schema at start-up, and mini starts a development run about
 * 10 ms sooner (npm run bench).
 */

export function splitList(value: string | string[]): string[] {
  const items = Array.isArray(value) ? value : value.split(/[,\n]/)
  return items.map(s => s.trim()).filter(s => s !== '')
}

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

const described = <T extends z.ZodMiniType>(schema: T, description: string) =>
  z.optional(schema.check(z.describe(description)))

const list = z.pipe(
  z.union([z.array(z.string()), z.string()], {
    error: 'must be a list, or a string of items separated by commas or newlines',
  }),
  z.transform(splitList),
)

const bool = z.pipe(
  z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' }),
  z.transform(v => v === true || v === 'true'),
)

const hostname = converted(
  value => normalizeHostname(value) ?? { problem: `${quote(value)} is not a domain name like example.com` },
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

const origins = z.pipe(list, z.array(converted(originOf)))

const httpsUrl = converted(value => {
  try {
    const url = new URL(value)
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString()
  } catch {
    // reported below
  }
  return { problem: `${quote(value)} is not an http(s) URL` }
})

/** At most this many origins are looked for in the instance's allowed_origins. */
export const MAX_ALLOWED_ORIGINS = 100

/** At most this many protected paths are probed (each on the app and on each satellite). */
export const MAX_PROTECTED_PATHS = 10

/** A path of the deployed app, as a browser asks it: `/dashboard`, `/api/private?x=1`. */
const appPath = converted(value => {
  const path = value.trim()
  if (!path.startsWith('/') || path.startsWith('//') || /[\s#\\]/.test(path) || path.length > 2000)
    return { problem: `${quote(value)} is not a path of the app like /dashboard` }
  return path
})

const appPaths = z.pipe(
  list,
  z.array(appPath).check(z.maxLength(MAX_PROTECTED_PATHS, `must list at most ${MAX_PROTECTED_PATHS} paths`)),
)

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

const dnsServers = z.pipe(
  list,
  z.array(
    converted(value => parseDnsServer(value) ?? { problem: `${quote(value)} is not ip, ip:port or [ipv6]:port` }),
  ),
)

/** A whole number, from YAML or an input's text. */
const wholeNumber = (error: string) =>
  z.pipe(z.union([z.number(), z.string().check(z.regex(/^\s*\d+\s*$/, error))], { error }), z.transform(Number))

const WHOLE_MS = 'must be a whole number of milliseconds'
const milliseconds = (min: number, max: number) =>
  z.pipe(
    wholeNumber(WHOLE_MS),
    z.int().check(z.gte(min, `must be at least ${min} ms`), z.lte(max, `must be at most ${max} ms`)),
  )
const timeoutMs = milliseconds(100, 60_000)
const runTimeoutMs = milliseconds(10_000, 3_600_000)

const nonEmpty = z.string().check(z.trim(), z.minLength(1, 'must not be empty'))

export const FAIL_ON = ['error', 'warning', 'never'] as const
export const TRI_STATE = ['auto', 'true', 'false'] as const
export const COMMENT = ['auto', 'on-failure', 'always', 'true', 'false'] as const
export type CommentPolicy = 'auto' | 'on-failure' | 'always' | 'false'
export const ISSUE = ['auto', 'false'] as const
export type IssuePolicy = (typeof ISSUE)[number]
const triState = z.pipe(
  z.union([z.boolean(), z.enum(TRI_STATE)], { error: 'must be auto, true or false' }),
  z.transform(v => String(v) as (typeof TRI_STATE)[number]),
)

export const PHASES = ['auto', 'before-deploy', 'after-deploy'] as const

/** Every setting an input may give; the file's top level and environment sections, those WORKFLOW_SETTINGS leaves. */
export const settingsShape = {
  'publishable-key': described(nonEmpty, 'The Clerk publishable key (public; pk_live_… or pk_test_…).'),
  domain: described(hostname, 'Production domain of the Clerk instance (example.com).'),
  'proxy-url': described(httpsUrl, 'Frontend API proxy URL, when the instance uses a proxy.'),
  'app-origins': described(origins, 'Origins that serve the app (https://example.com).'),
  'authorized-parties': described(
    list,
    'The authorizedParties list passed to clerkMiddleware() / authenticateRequest().',
  ),
  passkeys: described(bool, 'Whether the app offers passkeys.'),
  'jwt-templates': described(
    z.pipe(
      list,
      z.array(
        converted(value =>
          value.length <= 100 && !/[\s/]/.test(value)
            ? value
            : { problem: `${quote(value)} is not a JWT template name (one word, as on the Clerk dashboard)` },
        ),
      ),
    ),
    'Names of the JWT templates the app asks for (getToken({ template })), checked by clerk.jwt-templates.',
  ),
  'allowed-origins': described(
    z.pipe(
      list,
      z
        .array(converted(allowedOriginOf))
        .check(z.maxLength(MAX_ALLOWED_ORIGINS, `must list at most ${MAX_ALLOWED_ORIGINS} origins`)),
    ),
    "Origins of browser extensions and native or desktop shells that talk to Clerk (chrome-extension://<id>, capacitor://localhost), checked against the instance's allowed_origins by clerk.allowed-origins.",
  ),
  satellites: described(z.pipe(list, z.array(hostname)), 'Satellite domains of the production instance.'),
  url: described(httpsUrl, 'The deployed app, fetched for the csp and deploy.publishable-key checks.'),
  'webhook-url': described(httpsUrl, 'The deployed webhook endpoint, probed by webhooks.endpoint.'),
  'protected-paths': described(
    appPaths,
    'Paths of the deployed app that need a signed-in user (/dashboard), probed signed out by deploy.middleware.',
  ),
  'development-publishable-key': described(
    nonEmpty,
    "The development instance's publishable key (public), so that oauth.providers can compare social connections.",
  ),
  'live-checks': described(
    triState,
    'Probe the live deployment: auto (default: production, and wherever url or webhook-url is given), true or false.',
  ),
  'http-timeout-ms': described(timeoutMs, 'Deadline of one HTTPS exchange in milliseconds (default 5000).'),
  'dns-servers': described(dnsServers, 'Resolvers to ask: ip, ip:port or [ipv6]:port.'),
  'dns-timeout-ms': described(timeoutMs, 'Timeout of one DNS query in milliseconds (default 3000).'),
  'fail-on': described(
    z.enum(FAIL_ON, { error: 'must be error, warning or never' }),
    'When the step fails: error (default), warning or never.',
  ),
  comment: described(
    z.pipe(
      z.union([z.boolean(), z.enum(COMMENT)], { error: 'must be auto, on-failure, always, true or false' }),
      // `true` is the older spelling of `always`.
      z.transform(v => (String(v) === 'true' ? 'always' : String(v)) as CommentPolicy),
    ),
    'Pull-request comment: auto (default: created on warn or fail, always updated), on-failure (created on fail only, always updated), always (also created on a pass), or false.',
  ),
  'override-label': described(nonEmpty, 'A pull-request label that stops the gate from failing.'),
  'check-run': described(bool, 'Also publish a check run.'),
  issue: described(
    z.enum(ISSUE, { error: 'must be auto or false' }),
    'The drift watch: auto opens one issue per environment on schedule and workflow_dispatch runs when the gate fails, updates it while failing, and closes it when it passes; false (default) never.',
  ),
  'clerk-api': described(triState, "Ask Clerk's APIs: auto (default), true or false."),
  'report-file': described(nonEmpty, 'Where the JSON report is written.'),
  'pr-number': described(
    z.pipe(wholeNumber('must be a pull request number'), z.int().check(z.gte(1, 'must be a pull request number'))),
    'The pull request to comment on (default: the event’s, or the open one whose head is the commit).',
  ),
  phase: described(
    z.enum(PHASES, { error: 'must be auto, before-deploy or after-deploy' }),
    'before-deploy (what is live is the previous release: findings about the app itself are at most warn), after-deploy, or auto (default: after-deploy on deployment_status, else before-deploy).',
  ),
  'run-timeout-ms': described(
    runTimeoutMs,
    'Deadline of the whole run in milliseconds (default 120000): unfinished checks become error, and the report is still written.',
  ),
}

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
] as const

/** The settings the file may hold: it describes the app (environments, domains, origins, satellites, public keys). */
const appSettingsShape = Object.fromEntries(
  Object.entries(settingsShape).filter(([name]) => !(WORKFLOW_SETTINGS as readonly string[]).includes(name)),
) as Omit<typeof settingsShape, (typeof WORKFLOW_SETTINGS)[number]>

/** Settings only the file can hold: they describe the instance, not one run. */
export const fileOnlyShape = {
  'mail-id': described(
    z
      .string()
      .check(
        z.regex(
          /^[a-z0-9]{12}$/,
          'must be the 12 lower-case letters and digits of the mail records (mail.<id>.clerk.services)',
        ),
      ),
    "The instance's mail token, as in clkmail's target mail.<id>.clerk.services; pins the mail records.",
  ),
  'secondary-mail': described(
    bool,
    'Whether the instance also has the secondary mail records (clkmail2 and its DKIM and tracking records).',
  ),
}

/** An environment's name: the file's section keys, and the comment's marker. */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

export const environmentSectionSchema = z.strictObject({
  ...appSettingsShape,
  ...fileOnlyShape,
  'instance-type': described(
    z.enum(['production', 'development'], { error: 'must be production or development' }),
    'The Clerk instance type this environment deploys against.',
  ),
  branches: described(list, 'Branches (glob patterns with *) whose pushes target this environment.'),
  'webhook-secret-fingerprint': described(
    // Unquoted, YAML reads an all-digit fingerprint as a number and loses it.
    z
      .string({ error: 'must be a quoted string, e.g. "0123456789abcdef"' })
      .check(z.regex(/^[0-9a-f]{16}$/, 'must be the 16 hexadecimal characters the webhooks.secret check reports')),
    "The fingerprint webhooks.secret reports for this environment's webhook signing secret (not the secret): lets production notice another environment's secret.",
  ),
})

export const configFileSchema = z.strictObject({
  ...appSettingsShape,
  ...fileOnlyShape,
  environment: described(nonEmpty, 'Target environment, when not inferred.'),
  environments: described(
    z.record(
      z.string().check(z.regex(ENVIRONMENT_NAME, 'an environment name is letters, digits, "-", "_" or "."')),
      environmentSectionSchema,
    ),
    'Per-environment settings: production, preview, staging, development or a name of your own.',
  ),
})

/** Inputs are strings; this is what they may set (everything but the file's environment sections). */
export const inputSettingsSchema = z.strictObject({
  ...settingsShape,
  environment: z.optional(nonEmpty),
})

export type Settings = z.output<typeof inputSettingsSchema>
export type ConfigFile = z.output<typeof configFileSchema>

/** Inputs that hold secrets: never accepted from the file, which is committed to the repository. */
export const SECRET_SETTINGS = [
  'secret-key',
  'webhook-signing-secret',
  'platform-api-key',
  'github-token',
  'vercel-protection-bypass',
] as const
