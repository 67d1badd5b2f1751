import { DEFAULT_BACKEND_API_URL } from '../clerk/api.js'
import { isSameOrSubdomain } from '../web/hostname.js'
import {
  domainFromFrontendApi,
  parsePublishableKey,
  parseSecretKey,
  type InstanceType,
  type KeyProblem,
  type PublishableKey,
  type SecretKey,
} from '../clerk/keys.js'
import type { ConfigLoad, LoadedConfig } from './config-model.js'
import {
  BUILT_IN_ENVIRONMENTS,
  resolveEnvironment,
  type EnvironmentClues,
  type ResolvedEnvironment,
} from './environment.js'
import { DEFAULTS } from './defaults.js'
import type { ConfigProblem } from './errors.js'
import { readInputSettings } from './input-settings.js'
import { ENVIRONMENT_NAME, type CommentPolicy, type FAIL_ON, type Settings, type TRI_STATE } from './schema.js'

/** Where Clerk's SDKs read the publishable key from, by framework; all are looked at when no input is given. */
export const PUBLISHABLE_KEY_VARIABLES = [
  'CLERK_PUBLISHABLE_KEY',
  'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY',
  'VITE_CLERK_PUBLISHABLE_KEY',
  'PUBLIC_CLERK_PUBLISHABLE_KEY',
  'EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY',
  'REACT_APP_CLERK_PUBLISHABLE_KEY',
  'GATSBY_CLERK_PUBLISHABLE_KEY',
] as const
export const SECRET_KEY_VARIABLE = 'CLERK_SECRET_KEY'

/** A value and the name of where it came from (an input or a variable); the name is what reports show. */
export interface Sourced<T> {
  value: T
  source: string
}

/** A key as given, with what parsing it found: parsed once, here, for every check. */
export interface GivenKey<P> extends Sourced<string> {
  parsed: P | KeyProblem
}

function given<P>(key: Sourced<string> | undefined, parse: (value: string) => P | KeyProblem): GivenKey<P> | undefined {
  return key && { ...key, parsed: parse(key.value) }
}

export interface PlannedEnvironment extends ResolvedEnvironment {
  instanceType: InstanceType
  /** `key`: staging whose key is a development instance's, which Clerk allows and advises against (environment warns). */
  instanceTypeFrom: 'default' | 'config' | 'key'
}

/** Whether the app that is live now is the release this run gates (after the deploy) or the one before it. */
export interface Phase {
  value: 'before-deploy' | 'after-deploy'
  from: 'input' | 'auto'
}

/** Everything the checks need, resolved and validated. Checks read only this. */
export interface Plan {
  environment: PlannedEnvironment
  publishableKey?: GivenKey<PublishableKey>
  /** Variables that hold a publishable key different from the one chosen. */
  publishableKeyConflicts: string[]
  secretKey?: GivenKey<SecretKey>
  webhookSecret?: Sourced<string>
  /** Fingerprints of webhook signing secrets recorded in the file, by environment. */
  webhookFingerprints: Record<string, string>
  domain?: Sourced<string>
  /**
   * For staging: the Frontend API hosts the file gives the production environment (its publishable key's, and
   * clerk.<its domain>), so that staging on production's own instance can be told.
   */
  productionFrontendApiHosts: string[]
  proxyUrl?: string
  appOrigins: Sourced<string[]>
  authorizedParties?: string[]
  /** The JWT templates the app asks for, when `jwt-templates` names them (else clerk.jwt-templates reads the code). */
  jwtTemplates?: Sourced<string[]>
  /**
   * The runner's variables that say who verifies the instance's tokens (issuer, JWKS, the JWT public key), by name:
   * the ones auth.token-consumers judges, and those a token verifier's file may read its issuer from. Never a secret.
   */
  tokenVariables: Record<string, string>
  /** Origins of extensions and native shells the instance's allowed_origins must hold (`allowed-origins`). */
  allowedOrigins?: Sourced<string[]>
  /** Undefined when not set: Clerk's Frontend API may then say whether passkeys are on. */
  passkeys?: boolean
  satellites: string[]
  /** The mail token of clkmail's target, when the file pins it. */
  mailId?: string
  secondaryMail: boolean
  /** The deployed app: the `url` input, else the event's deployment URL; never the file (the bypass goes here). */
  url?: string
  /** Paths of the app that need a signed-in user, probed signed out (deploy.middleware, deploy.satellites). */
  protectedPaths: string[]
  /** Vercel's Protection Bypass for Automation secret, sent to the app's own origin only. */
  vercelProtectionBypass?: Sourced<string>
  phase: Phase
  /** The run is a pull request from a fork, which GitHub gives no secrets: a missing one is not the user's to fix. */
  fromFork: boolean
  /**
   * The Frontend API @clerk/nextjs proxies by itself (https://<app>.vercel.app/__clerk), for a production instance on
   * *.vercel.app with no proxy-url; undefined elsewhere.
   */
  autoProxyUrl?: string
  /** The deployed webhook endpoint, probed by webhooks.endpoint. */
  webhookUrl?: string
  /** The development instance's publishable key (public), for oauth.providers. */
  developmentPublishableKey?: GivenKey<PublishableKey>
  platformApiKey?: Sourced<string>
  /** The Platform API's base URL (CLERK_PLATFORM_API_URL). */
  platformApiUrl: string
  liveChecks: (typeof TRI_STATE)[number]
  httpTimeoutMs: number
  dnsServers: string[]
  dnsTimeoutMs: number
  /** The whole run's deadline: checks, report, publishing. */
  runTimeoutMs: number
  failOn: (typeof FAIL_ON)[number]
  comment: CommentPolicy
  overrideLabel?: string
  checkRun: boolean
  /** The pull request to comment on, when the event does not say. */
  prNumber?: number
  clerkApi: (typeof TRI_STATE)[number]
  /** The Backend API's base URL (CLERK_API_URL). */
  clerkApiUrl: string
  /** The Frontend API's base URL: the proxy, or the host the publishable key names. */
  frontendApiUrl?: string
  /**
   * The Frontend API the publishable key itself names, never a proxy: where what must be this instance's own is read
   * (its signing keys), so that no `proxy-url` a pull request's file names can choose the answer.
   */
  keyFrontendApiUrl?: string
  reportFile?: string
  configPath: string
  workspace: string
}

export interface PlanInputs {
  /** Action inputs by name, empty ones left out. Secrets are not among them. */
  inputs: Record<string, string>
  secretKey?: Sourced<string>
  webhookSecret?: Sourced<string>
  platformApiKey?: Sourced<string>
  vercelProtectionBypass?: Sourced<string>
  env: Record<string, string | undefined>
  clues: EnvironmentClues
  /** A deployment_status event's target_url: the default of `url`. */
  deploymentUrl?: string
  config: ConfigLoad
  /** Problems found in the inputs before the plan (secrets too short to be real). */
  inputProblems?: ConfigProblem[]
  workspace: string
}

export type PlanOutcome = { ok: true; plan: Plan } | { ok: false; problems: ConfigProblem[]; environmentName?: string }

/**
 * The typed plan of a run, in three steps: the inputs and the file validated, the target environment resolved with the
 * instance type it needs, then the settings merged (inputs over the environment's section over the file's top level).
 */
export function buildPlan(input: PlanInputs): PlanOutcome {
  const validated = validate(input)
  if (!validated.ok) return validated
  const { inputs, loaded } = validated
  const target = targetEnvironment(input, inputs, loaded)
  if (!target.ok) return target
  const { environment, instanceType } = target
  const file = loaded.config
  const sections = file.environments ?? {}
  const section = sections[environment.name]
  // Inputs win over the environment's section, which wins over the file's top level.
  const { environments: _sections, environment: _name, ...fileSettings } = file
  const instance = { ...definedOnly(fileSettings), ...definedOnly(section ?? {}) }
  const settings: Settings = { ...instance, ...definedOnly(inputs) }
  const publishable = choosePublishableKey(settings, inputs, input.env)
  const instanceTypeFrom = section?.['instance-type']
    ? 'config'
    : stagingOnDevelopment(environment.name, publishable.key?.value)
      ? 'key'
      : 'default'
  const plannedType: InstanceType = instanceTypeFrom === 'key' ? 'development' : instanceType
  const domain = chooseDomain(settings, inputs, loaded, section !== undefined, publishable.key?.value)
  const url = settings.url ?? httpUrlOrUndefined(input.deploymentUrl)
  const appOrigins = appOriginsOf(settings['app-origins'], url, domain?.value)
  const automaticProxy = autoProxyUrl(plannedType, domain?.value)

  return {
    ok: true,
    plan: {
      environment: {
        ...environment,
        instanceType: plannedType,
        instanceTypeFrom,
      },
      publishableKey: given(publishable.key, parsePublishableKey),
      publishableKeyConflicts: publishable.conflicts,
      secretKey: given(input.secretKey, parseSecretKey),
      webhookSecret: input.webhookSecret,
      webhookFingerprints: webhookFingerprints(sections),
      domain,
      productionFrontendApiHosts:
        environment.name === 'staging' ? productionFrontendApiHosts(sections.production ?? {}) : [],
      proxyUrl: settings['proxy-url'],
      appOrigins,
      authorizedParties: settings['authorized-parties'],
      passkeys: settings.passkeys,
      jwtTemplates: listOf('jwt-templates', settings, inputs, loaded.path),
      allowedOrigins: listOf('allowed-origins', settings, inputs, loaded.path),
      tokenVariables: tokenVariables(input.env),
      satellites: settings.satellites ?? [],
      mailId: instance['mail-id'],
      secondaryMail: instance['secondary-mail'] ?? false,
      url,
      protectedPaths: settings['protected-paths'] ?? [],
      vercelProtectionBypass: input.vercelProtectionBypass,
      phase: phaseOf(inputs.phase, input.clues.deployed === true || input.clues.eventName === 'deployment_status'),
      fromFork: input.clues.fork === true,
      webhookUrl: settings['webhook-url'],
      developmentPublishableKey: given(developmentKey(settings, inputs, sections), parsePublishableKey),
      platformApiKey: input.platformApiKey,
      platformApiUrl: input.env.CLERK_PLATFORM_API_URL || DEFAULT_PLATFORM_API_URL,
      liveChecks: settings['live-checks'] ?? DEFAULTS['live-checks'],
      httpTimeoutMs: settings['http-timeout-ms'] ?? DEFAULTS['http-timeout-ms'],
      dnsServers: settings['dns-servers'] ?? [],
      dnsTimeoutMs: settings['dns-timeout-ms'] ?? DEFAULTS['dns-timeout-ms'],
      runTimeoutMs: settings['run-timeout-ms'] ?? DEFAULTS['run-timeout-ms'],
      failOn: settings['fail-on'] ?? DEFAULTS['fail-on'],
      comment: settings.comment ?? DEFAULTS.comment,
      overrideLabel: settings['override-label'],
      checkRun: settings['check-run'] ?? DEFAULTS['check-run'],
      prNumber: settings['pr-number'],
      clerkApi: settings['clerk-api'] ?? DEFAULTS['clerk-api'],
      clerkApiUrl: input.env.CLERK_API_URL || DEFAULT_BACKEND_API_URL,
      ...frontendApis(input.env, settings['proxy-url'], automaticProxy, publishable.key?.value),
      reportFile: settings['report-file'],
      configPath: loaded.path,
      workspace: input.workspace,
    },
  }
}

type Validated =
  { ok: true; inputs: Settings & { environment?: string }; loaded: LoadedConfig } | (PlanOutcome & { ok: false })

/** The inputs and the file, each problem with its field and fix: any problem and there is no plan. */
function validate(input: PlanInputs): Validated {
  const read = readInputSettings(input.inputs)
  const problems: ConfigProblem[] = read.ok ? [] : [...read.problems]
  problems.push(...(input.inputProblems ?? []))
  if (!input.config.ok) problems.push(...input.config.problems)
  if (problems.length > 0 || !read.ok || !input.config.ok) {
    return { ok: false, problems, environmentName: environmentNameOf(input) }
  }
  return { ok: true, inputs: read.settings, loaded: input.config.loaded }
}

/**
 * The environment a run whose inputs or file are invalid is about, as far as it can be told: the report, the sticky
 * comment and the check run then go under the name a valid run of the same event uses (a second comment under
 * `unknown` would leave the environment's own with its stale verdict). The file's sections count when it parsed.
 */
function environmentNameOf(input: PlanInputs): string | undefined {
  const file = input.config.ok ? input.config.loaded.config : {}
  const clues = { ...input.clues, input: input.inputs.environment, configEnvironment: file.environment }
  const resolved = resolveEnvironment(clues, file.environments ?? {})
  if (resolved.ok) return resolved.environment.name
  // A name of the file's own, which an invalid file could not confirm: taken as given, when it can be one.
  const raw = [clues.input, clues.configEnvironment, clues.deploymentEnvironment, clues.vercelEnv]
    .find(v => v?.trim())
    ?.trim()
  return raw && ENVIRONMENT_NAME.test(raw) ? raw : undefined
}

type Target = { ok: true; environment: ResolvedEnvironment; instanceType: InstanceType } | (PlanOutcome & { ok: false })

/** The target environment and the instance type it needs (built in, or the file's `instance-type`). */
function targetEnvironment(input: PlanInputs, inputs: { environment?: string }, loaded: LoadedConfig): Target {
  const file = loaded.config
  const sections = file.environments ?? {}
  const resolution = resolveEnvironment(
    { ...input.clues, input: inputs.environment, configEnvironment: file.environment },
    sections,
  )
  if (!resolution.ok) {
    return {
      ok: false,
      problems: [{ subject: inputs.environment ? 'environment' : loaded.path, ...resolution }],
    }
  }
  const environment = resolution.environment
  const instanceType = sections[environment.name]?.['instance-type'] ?? BUILT_IN_ENVIRONMENTS[environment.name]
  if (instanceType) return { ok: true, environment, instanceType }
  return {
    ok: false,
    environmentName: environment.name,
    problems: [
      {
        subject: loaded.path,
        field: `environments.${environment.name}.instance-type`,
        problem: `the environment ${environment.name} is defined in the file without an instance type`,
        fix: `Add \`instance-type: production\` or \`instance-type: development\` under \`environments.${environment.name}\`.`,
        ...loaded.locate(['environments', environment.name]),
      },
    ],
  }
}

/** Each environment's recorded fingerprint of its webhook signing secret (a one-way hash, not the secret). */
function webhookFingerprints(sections: NonNullable<LoadedConfig['config']['environments']>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sections).flatMap(([name, section]) =>
      section['webhook-secret-fingerprint'] ? [[name, section['webhook-secret-fingerprint']]] : [],
    ),
  )
}

/**
 * `auto`: a deployment_status event, or Vercel's repository_dispatch, reports a deployment that is built and served at
 * its URL, so the run judges it after the deploy.
 */
function phaseOf(input: Settings['phase'], deployed: boolean): Phase {
  if (input && input !== 'auto') return { value: input, from: 'input' }
  return { value: deployed ? 'after-deploy' : 'before-deploy', from: 'auto' }
}

/**
 * Where the app is served: the `app-origins`, else the domain. The deployed URL's origin joins them only when it is on
 * the domain (the domain or a subdomain of it): a per-deployment URL (Vercel's `<project>-<hash>-<team>.vercel.app`,
 * where a production build waits for Deployment Checks) is judged for what it serves, but is no place users sign in,
 * so it is never proposed for authorizedParties, passkeys or allowed origins (the contract's `url`).
 */
function appOriginsOf(
  explicit: string[] | undefined,
  url: string | undefined,
  domain: string | undefined,
): Sourced<string[]> {
  const urlOrigin = url ? new URL(url).origin : undefined
  const onDomain = urlOrigin && domain && isSameOrSubdomain(new URL(urlOrigin).hostname, domain) ? [urlOrigin] : []
  if (explicit) return { value: unique([...explicit, ...onDomain]), source: 'app-origins' }
  if (onDomain.length > 0) return { value: onDomain, source: 'url' }
  return { value: domain ? [`https://${domain}`] : [], source: 'default' }
}

/**
 * Where the Frontend API is asked: through the proxy (`proxy-url`, else @clerk/nextjs' own on vercel.app) as browsers
 * ask it, and at the host the publishable key names for what must be the instance's own.
 */
function frontendApis(
  env: Record<string, string | undefined>,
  proxyUrl: string | undefined,
  automaticProxy: string | undefined,
  publishableKey: string | undefined,
): Pick<Plan, 'autoProxyUrl' | 'frontendApiUrl' | 'keyFrontendApiUrl'> {
  return {
    autoProxyUrl: proxyUrl ? undefined : automaticProxy,
    frontendApiUrl: frontendApiUrl(env, proxyUrl ?? automaticProxy, publishableKey),
    keyFrontendApiUrl: frontendApiUrl(env, undefined, publishableKey),
  }
}

/** CLERK_FAPI_URL exists for tests only, which cannot serve a real Frontend API host; users never need it. */
function frontendApiUrl(
  env: Record<string, string | undefined>,
  proxyUrl: string | undefined,
  publishableKey: string | undefined,
): string | undefined {
  if (env.CLERK_FAPI_URL) return env.CLERK_FAPI_URL
  if (proxyUrl) return proxyUrl
  const parsed = publishableKey ? parsePublishableKey(publishableKey) : undefined
  return parsed?.ok ? `https://${parsed.frontendApi}` : undefined
}

/**
 * @clerk/nextjs proxies a production instance's Frontend API at /__clerk by itself when the project's production URL
 * is on vercel.app and no proxy or domain is set (clerk/javascript, packages/shared/src/proxy.ts:
 * AUTO_PROXY_HOST_SUFFIXES, AUTO_PROXY_PATH, getAutoProxyUrlFromEnvironment); CLERK_DISABLE_AUTO_PROXY turns it off.
 */
function autoProxyUrl(instanceType: InstanceType, domain: string | undefined): string | undefined {
  return instanceType === 'production' && domain?.endsWith('.vercel.app') ? `https://${domain}/__clerk` : undefined
}

/**
 * Clerk recommends a production instance of a separate application for staging, and does not require one
 * (clerk-docs, guides/development/managing-environments.mdx): staging whose key is a development instance's is judged as
 * one, and the environment check warns.
 */
function stagingOnDevelopment(name: string, key: string | undefined): boolean {
  if (name !== 'staging' || !key) return false
  const parsed = parsePublishableKey(key)
  return parsed.ok && parsed.instanceType === 'development'
}

/**
 * Where apps keep who verifies Clerk's session tokens, judged by auth.token-consumers: Convex's issuer domain
 * (docs.convex.dev/auth/clerk: CLERK_JWT_ISSUER_DOMAIN; clerk-docs integrations/convex: CLERK_FRONTEND_API_URL), an
 * API's issuer and JWKS URL, and the PEM public key of networkless verification (clerk-docs,
 * guides/sessions/manual-jwt-verification.mdx and the SDKs' jwtKey: CLERK_JWT_KEY).
 */
export const TOKEN_VARIABLES = [
  'CLERK_JWT_ISSUER_DOMAIN',
  'CLERK_ISSUER_URL',
  'CLERK_FRONTEND_API_URL',
  'CLERK_JWKS_URL',
  'CLERK_JWT_KEY',
  'NEXT_PUBLIC_CLERK_JWT_KEY',
] as const

/** Other variables a verifier's file may name for its issuer (Supabase's env(…), Convex's process.env.…). */
const ISSUER_LIKE_VARIABLE = /^[A-Z][A-Z0-9_]{0,99}$/
const ISSUER_LIKE_WORDS = /ISSUER|JWKS|FRONTEND_API|CLERK_DOMAIN/
const SECRET_LIKE = /SECRET|PASSWORD|TOKEN|PRIVATE/
const MAX_TOKEN_VARIABLES = 100
const MAX_TOKEN_VARIABLE_CHARS = 16 * 1024

function tokenVariables(env: Record<string, string | undefined>): Record<string, string> {
  const picked: Record<string, string> = {}
  let count = 0
  for (const [name, value] of Object.entries(env)) {
    if (count >= MAX_TOKEN_VARIABLES) break
    const named = (TOKEN_VARIABLES as readonly string[]).includes(name)
    const issuerLike = ISSUER_LIKE_VARIABLE.test(name) && ISSUER_LIKE_WORDS.test(name) && !SECRET_LIKE.test(name)
    if (!value?.trim() || (!named && !issuerLike)) continue
    picked[name] = value.trim().slice(0, MAX_TOKEN_VARIABLE_CHARS)
    count++
  }
  return picked
}

/** Clerk's CLI talks to the Platform API here (clerk/cli, packages/cli-core/src/lib/environment.ts). */
export const DEFAULT_PLATFORM_API_URL = 'https://api.clerk.com'

/** A list the app is described by, with where it came from: the input of its name, else the file. */
function listOf(
  name: 'jwt-templates' | 'allowed-origins',
  settings: Settings,
  inputs: Settings,
  file: string,
): Sourced<string[]> | undefined {
  const items = settings[name]
  return items && { value: items, source: inputs[name] ? name : file }
}

function developmentKey(
  settings: Settings,
  inputs: Settings,
  sections: Record<string, Settings>,
): Sourced<string> | undefined {
  const given = settings['development-publishable-key']
  if (given) {
    return {
      value: given,
      source: inputs['development-publishable-key'] ? 'development-publishable-key' : 'configuration file',
    }
  }
  const filed = sections.development?.['publishable-key']
  return filed ? { value: filed, source: 'environments.development.publishable-key' } : undefined
}

function productionFrontendApiHosts(production: Settings): string[] {
  const hosts: string[] = []
  const key = production['publishable-key'] ? parsePublishableKey(production['publishable-key']) : undefined
  if (key?.ok) hosts.push(key.frontendApi)
  if (production.domain) hosts.push(`clerk.${production.domain}`)
  return unique(hosts)
}

function httpUrlOrUndefined(value: string | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined
  const url = new URL(value)
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}

/**
 * The input, else the variables (the key the app is built with), else the file: on a pull request the file is its
 * author's, and must not replace the key the deployment really uses.
 */
function choosePublishableKey(
  settings: Settings,
  inputs: Settings,
  env: Record<string, string | undefined>,
): { key?: Sourced<string>; conflicts: string[] } {
  if (inputs['publishable-key'] !== undefined) {
    return { key: { value: inputs['publishable-key'], source: 'publishable-key' }, conflicts: [] }
  }
  const set = PUBLISHABLE_KEY_VARIABLES.filter(name => env[name]?.trim()).map(name => ({
    source: name,
    value: env[name] as string,
  }))
  const first = set[0]
  if (first) {
    return { key: first, conflicts: set.filter(s => s.value.trim() !== first.value.trim()).map(s => s.source) }
  }
  const filed = settings['publishable-key']
  return { key: filed !== undefined ? { value: filed, source: 'configuration file' } : undefined, conflicts: [] }
}

function chooseDomain(
  settings: Settings,
  inputs: Settings,
  loaded: LoadedConfig,
  hasSection: boolean,
  publishableKey: string | undefined,
): Sourced<string> | undefined {
  if (settings.domain) {
    const source = inputs.domain ? 'domain' : hasSection ? `${loaded.path} (environment section)` : loaded.path
    return { value: settings.domain, source }
  }
  if (!publishableKey) return undefined
  const parsed = parsePublishableKey(publishableKey)
  if (!parsed.ok || parsed.instanceType !== 'production') return undefined
  const derived = domainFromFrontendApi(parsed.frontendApi)
  return derived ? { value: derived, source: 'publishable key' } : undefined
}
