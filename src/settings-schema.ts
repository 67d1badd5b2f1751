import { z } from 'zod'
import { ipVersion, normalizeHostname, quote } from './hostname.js'

/**
 * One schema for the settings that can come from action inputs (always strings) and from the YAML file (native types),
 * so both are validated, coerced and documented the same way. Field names are the input names of action.yml.
 */

export function splitList(value: string | string[]): string[] {
  const items = Array.isArray(value) ? value : value.split(/[,\n]/)
  return items.map(s => s.trim()).filter(s => s !== '')
}

const list = z
  .union([z.array(z.string()), z.string()], {
    error: 'must be a list, or a string of items separated by commas or newlines',
  })
  .transform(splitList)

const bool = z
  .union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' })
  .transform(v => v === true || v === 'true')

const hostname = z.string().transform((value, ctx) => {
  const host = normalizeHostname(value)
  if (!host) {
    ctx.addIssue({ code: 'custom', message: `${quote(value)} is not a domain name like example.com` })
    return z.NEVER
  }
  return host
})

function originOf(value: string, ctx: z.RefinementCtx): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    ctx.addIssue({ code: 'custom', message: `${quote(value)} is not a URL like https://example.com` })
    return z.NEVER
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    ctx.addIssue({ code: 'custom', message: `${quote(value)} is not an http(s) origin` })
    return z.NEVER
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: `${quote(value)} has more than an origin (use ${url.origin})` })
    return z.NEVER
  }
  return url.origin
}

const origins = list.pipe(z.array(z.string().transform(originOf)))

const httpsUrl = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value)
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString()
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: `${quote(value)} is not an http(s) URL` })
  return z.NEVER
})

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

const dnsServers = list.pipe(
  z.array(
    z.string().transform((value, ctx) => {
      const server = parseDnsServer(value)
      if (!server) {
        ctx.addIssue({ code: 'custom', message: `${quote(value)} is not ip, ip:port or [ipv6]:port` })
        return z.NEVER
      }
      return server
    }),
  ),
)

const timeoutMs = z
  .union([z.number(), z.string().regex(/^\s*\d+\s*$/)], { error: 'must be a whole number of milliseconds' })
  .transform(Number)
  .pipe(z.number().int().min(100, 'must be at least 100 ms').max(60000, 'must be at most 60000 ms'))

const nonEmpty = z.string().trim().min(1, 'must not be empty')

export const FAIL_ON = ['error', 'warning', 'never'] as const
export const TRI_STATE = ['auto', 'true', 'false'] as const
const triState = z
  .union([z.boolean(), z.enum(TRI_STATE)], { error: 'must be auto, true or false' })
  .transform(v => String(v) as (typeof TRI_STATE)[number])

/** Settings that an input, the file's top level, or an environment section may set. */
export const settingsShape = {
  'publishable-key': nonEmpty.describe('The Clerk publishable key (public; pk_live_… or pk_test_…).').optional(),
  domain: hostname.describe('Production domain of the Clerk instance (example.com).').optional(),
  'proxy-url': httpsUrl.describe('Frontend API proxy URL, when the instance uses a proxy.').optional(),
  'app-origins': origins.describe('Origins that serve the app (https://example.com).').optional(),
  'authorized-parties': list
    .describe('The authorizedParties list passed to clerkMiddleware() / authenticateRequest().')
    .optional(),
  passkeys: bool.describe('Whether the app offers passkeys.').optional(),
  satellites: list.pipe(z.array(hostname)).describe('Satellite domains of the production instance.').optional(),
  url: httpsUrl.describe('The deployed app, fetched for the csp check.').optional(),
  'dns-servers': dnsServers.describe('Resolvers to ask: ip, ip:port or [ipv6]:port.').optional(),
  'dns-timeout-ms': timeoutMs.describe('Timeout of one DNS query in milliseconds (default 3000).').optional(),
  'fail-on': z
    .enum(FAIL_ON, { error: 'must be error, warning or never' })
    .describe('When the step fails: error (default), warning or never.')
    .optional(),
  comment: triState.describe('Pull-request comment: auto (default), true or false.').optional(),
  'override-label': nonEmpty.describe('A pull-request label that stops the gate from failing.').optional(),
  'check-run': bool.describe('Also publish a check run.').optional(),
  'clerk-api': triState.describe("Ask Clerk's APIs: auto (default), true or false.").optional(),
  'report-file': nonEmpty.describe('Where the JSON report is written.').optional(),
}

/** Settings only the file can hold: they describe the instance, not one run. */
export const fileOnlyShape = {
  'mail-id': z
    .string()
    .regex(
      /^[a-z0-9]{12}$/,
      'must be the 12 lower-case letters and digits of the mail records (mail.<id>.clerk.services)',
    )
    .describe("The instance's mail token, as in clkmail's target mail.<id>.clerk.services; pins the mail records.")
    .optional(),
  'secondary-mail': bool
    .describe('Whether the instance also has the secondary mail records (clkmail2 and its DKIM and tracking records).')
    .optional(),
}

const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

export const environmentSectionSchema = z.strictObject({
  ...settingsShape,
  ...fileOnlyShape,
  'instance-type': z
    .enum(['production', 'development'], { error: 'must be production or development' })
    .describe('The Clerk instance type this environment deploys against.')
    .optional(),
  branches: list.describe('Branches (glob patterns with *) whose pushes target this environment.').optional(),
  'webhook-secret-fingerprint': z
    // Unquoted, YAML reads an all-digit fingerprint as a number and loses it.
    .string({ error: 'must be a quoted string, e.g. "0123456789abcdef"' })
    .regex(/^[0-9a-f]{16}$/, 'must be the 16 hexadecimal characters the webhooks.secret check reports')
    .describe(
      "The fingerprint webhooks.secret reports for this environment's webhook signing secret (not the secret): lets production notice another environment's secret.",
    )
    .optional(),
})

export const configFileSchema = z.strictObject({
  ...settingsShape,
  ...fileOnlyShape,
  environment: nonEmpty.describe('Target environment, when not inferred.').optional(),
  environments: z
    .record(
      z.string().regex(ENVIRONMENT_NAME, 'an environment name is letters, digits, "-", "_" or "."'),
      environmentSectionSchema,
    )
    .describe('Per-environment settings: production, preview, staging, development or a name of your own.')
    .optional(),
})

/** Inputs are strings; this is what they may set (everything but the file's environment sections). */
export const inputSettingsSchema = z.strictObject({
  ...settingsShape,
  environment: nonEmpty.optional(),
})

export type Settings = z.output<typeof inputSettingsSchema>
export type ConfigFile = z.output<typeof configFileSchema>

/** Inputs that hold secrets: never accepted from the file, which is committed to the repository. */
export const SECRET_SETTINGS = ['secret-key', 'webhook-signing-secret', 'github-token'] as const
