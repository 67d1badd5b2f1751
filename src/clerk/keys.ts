import { isSameOrSubdomain, normalizeHostname } from '../web/hostname.js'

export type InstanceType = 'production' | 'development'

/** Frontend API hosts of development instances, as Clerk's SDK recognises them (current first, then legacy). */
export const DEV_FRONTEND_API_SUFFIXES = ['accounts.dev', 'accountsstage.dev', 'accounts.lclclerk.com'] as const
export const LEGACY_DEV_FRONTEND_API_SUFFIXES = ['lcl.dev', 'lclstage.dev', 'lclclerk.com'] as const

export interface KeyProblem {
  ok: false
  problem: string
  fix: string
}

export interface PublishableKey {
  ok: true
  instanceType: InstanceType
  prefix: string
  frontendApi: string
  /** A `live_`/`test_` key from before the pk_ scheme. */
  legacy: boolean
}

export interface SecretKey {
  ok: true
  instanceType: InstanceType
  prefix: string
  legacy: boolean
}

const PUBLISHABLE_PREFIXES: Record<string, InstanceType> = { pk_live_: 'production', pk_test_: 'development' }
const SECRET_PREFIXES: Record<string, InstanceType> = { sk_live_: 'production', sk_test_: 'development' }
// Keys from before Clerk's pk_/sk_ scheme; still accepted by the Backend API.
const LEGACY_SECRET_PREFIXES: Record<string, InstanceType> = { live_: 'production', test_: 'development' }
/**
 * Other credentials Clerk issues, often pasted where the secret key goes. Prefixes from Clerk's SDK
 * (clerk/javascript, packages/backend/src/tokens/machine.ts: API_KEY_PREFIX, M2M_TOKEN_PREFIX, OAUTH_TOKEN_PREFIX).
 */
const OTHER_CREDENTIALS: Record<string, string> = {
  ak_: 'a Clerk API key (ak_…, a Platform API key or a machine’s API key)',
  mt_: 'a Clerk machine-to-machine token (mt_…)',
  oat_: 'a Clerk OAuth access token (oat_…)',
}

// Standard base64 alphabet with optional padding. Checked before decoding because Buffer.from(…, 'base64') silently
// skips characters outside the alphabet and would turn a corrupted key into a plausible host.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const SECRET_BODY = /^[A-Za-z0-9]{16,}$/

const FIX_COPY = "Copy the key again from the Clerk dashboard (API keys) and store it as the secret's whole value."

function problem(text: string, fix: string): KeyProblem {
  return { ok: false, problem: text, fix }
}

function whitespaceProblem(key: string): KeyProblem | undefined {
  if (key !== key.trim()) return problem('has whitespace or a line break before or after it', FIX_COPY)
  if (/\s/.test(key)) return problem('contains whitespace', FIX_COPY)
  return undefined
}

function prefixOf(key: string, table: Record<string, InstanceType>): string | undefined {
  return Object.keys(table).find(p => key.startsWith(p))
}

/**
 * Decodes a publishable key: `pk_(live|test)_` + base64 of `<frontend api host>$`. Never throws; problems never quote
 * the key (a secret pasted into the wrong variable must not end up in a report).
 */
export function parsePublishableKey(key: string): PublishableKey | KeyProblem {
  const ws = whitespaceProblem(key)
  if (ws) return ws
  if (prefixOf(key, SECRET_PREFIXES)) return secretKeyHere()
  const legacy = prefixOf(key, LEGACY_SECRET_PREFIXES)
  if (legacy) {
    // Clerk's SDK still reads the instance type from a legacy live_/test_ publishable key (clerk/javascript,
    // packages/shared/src/keys.ts: isProductionFromPublishableKey); a legacy secret key has no "<host>$" inside.
    const decoded = decodeFrontendApi(legacy, key.slice(legacy.length))
    return decoded.ok
      ? { ...decoded, instanceType: LEGACY_SECRET_PREFIXES[legacy] as InstanceType, legacy: true }
      : secretKeyHere()
  }
  const prefix = prefixOf(key, PUBLISHABLE_PREFIXES)
  if (!prefix) {
    return problem(
      'does not start with pk_live_ or pk_test_',
      'Use the publishable key shown under API keys in the Clerk dashboard.',
    )
  }
  const decoded = decodeFrontendApi(prefix, key.slice(prefix.length))
  return decoded.ok
    ? { ...decoded, instanceType: PUBLISHABLE_PREFIXES[prefix] as InstanceType, legacy: false }
    : decoded
}

function secretKeyHere(): KeyProblem {
  return problem(
    'is a secret key, not a publishable key',
    'Put the publishable key (pk_live_… or pk_test_…) here, and rotate the secret key in the Clerk dashboard if it was exposed.',
  )
}

function decodeFrontendApi(
  prefix: string,
  payload: string,
): { ok: true; prefix: string; frontendApi: string } | KeyProblem {
  if (payload === '') return problem(`has nothing after ${prefix}`, FIX_COPY)
  if (!BASE64.test(payload) || payload.replace(/=+$/, '').length % 4 === 1) {
    return problem(`has characters after ${prefix} that are not base64, or was cut short`, FIX_COPY)
  }
  const decoded = Buffer.from(payload, 'base64').toString('latin1')
  if (!decoded.endsWith('$')) {
    return problem(
      'does not decode to a Frontend API host followed by "$" (the key is damaged or incomplete)',
      FIX_COPY,
    )
  }
  const host = decoded.slice(0, -1)
  if (host.includes('$')) return problem('decodes to more than one "$"-terminated value', FIX_COPY)
  if (normalizeHostname(host) !== host) {
    return problem('does not decode to a valid Frontend API hostname', FIX_COPY)
  }
  return { ok: true, prefix, frontendApi: host }
}

/** Checks a secret key's form: prefix and body. Problems describe the key without quoting any part of it. */
export function parseSecretKey(key: string): SecretKey | KeyProblem {
  const ws = whitespaceProblem(key)
  if (ws) return ws
  if (prefixOf(key, PUBLISHABLE_PREFIXES)) {
    return problem(
      'is a publishable key, not a secret key',
      'Put the secret key (sk_live_… or sk_test_…) here; the publishable key belongs in the publishable-key input or variable.',
    )
  }
  const other = Object.entries(OTHER_CREDENTIALS).find(([start]) => key.trim().startsWith(start))
  if (other) {
    return problem(
      `is ${other[1]}, not an instance's secret key`,
      "Put the instance's secret key here (sk_live_… or sk_test_…, Clerk dashboard → API keys); the other credential has a place of its own.",
    )
  }
  const modern = prefixOf(key, SECRET_PREFIXES)
  const prefix = modern ?? prefixOf(key, LEGACY_SECRET_PREFIXES)
  if (!prefix) {
    return problem(
      'does not start with sk_live_ or sk_test_',
      'Use the secret key shown under API keys in the Clerk dashboard.',
    )
  }
  const body = key.slice(prefix.length)
  if (!SECRET_BODY.test(body)) {
    return problem(
      body.length < 16
        ? `is too short after ${prefix} (${body.length} characters): it looks cut off`
        : `has characters after ${prefix} that Clerk keys never contain`,
      FIX_COPY,
    )
  }
  const table = modern ? SECRET_PREFIXES : LEGACY_SECRET_PREFIXES
  return { ok: true, instanceType: table[prefix] as InstanceType, prefix, legacy: !modern }
}

export type DevHostKind = 'current' | 'legacy'

/** Whether a Frontend API host belongs to a Clerk development instance, and of which generation. */
export function devFrontendApiKind(host: string): DevHostKind | undefined {
  if (DEV_FRONTEND_API_SUFFIXES.some(s => host.endsWith(`.${s}`))) return 'current'
  if (LEGACY_DEV_FRONTEND_API_SUFFIXES.some(s => host.endsWith(`.${s}`))) return 'legacy'
  return undefined
}

/** The production domain a live Frontend API host implies: `clerk.example.com` -> `example.com`. */
export function domainFromFrontendApi(host: string): string | undefined {
  if (!host.startsWith('clerk.') || devFrontendApiKind(host)) return undefined
  const domain = normalizeHostname(host.slice('clerk.'.length))
  return domain && isSameOrSubdomain(host, domain) ? domain : undefined
}

export const KEY_PREFIXES: Record<InstanceType, { publishable: string; secret: string }> = {
  production: { publishable: 'pk_live_', secret: 'sk_live_' },
  development: { publishable: 'pk_test_', secret: 'sk_test_' },
}
