import type { PublishableKey } from '../../clerk/keys.js'
import type { GivenKey, Plan } from '../../settings/plan.js'
import type { Check, Finding, Inputs, Need, Needed, ParsedKey } from './check.js'

/**
 * Whether the live checks look at the deployment: `live-checks: auto` does in production and wherever the run was given
 * a URL to look at; `false` never, `true` always. They only ever reach hosts the inputs name or imply.
 */
export function liveChecksOn(plan: Plan): boolean {
  if (plan.liveChecks !== 'auto') return plan.liveChecks === 'true'
  return plan.environment.instanceType === 'production' || plan.url !== undefined || plan.webhookUrl !== undefined
}

export function clerkApiDisabledBecause(plan: Plan): string | undefined {
  if (plan.clerkApi === 'false') return 'clerk-api is false'
  if (plan.clerkApi === 'auto' && !plan.secretKey)
    return 'no secret key (with clerk-api: auto, Clerk is asked only when one is present)'
  return undefined
}

/** A need's value, or why the plan does not meet it. */
type Given<V> = { value: V } | { unmet: string }

interface NeedRule<V> {
  /** The need's value in this plan, present and of its type, or why it is not met. */
  given(plan: Plan): Given<V>
  /** What a skipped check's result names as its subject: the input that would have let it run. */
  subject: string
  /** The need as the generated reference says it. */
  doc: string
}

const NO_DOMAIN = 'no production domain: set `domain`, or pass the live publishable key it can be read from'

function present<V>(value: V | undefined, unmet: string): Given<V> {
  return value !== undefined ? { value } : { unmet }
}

function parsedKey<P extends { ok: true }>(key: GivenKey<P> | undefined, unmet: string): Given<ParsedKey<P>> {
  return key?.parsed.ok ? { value: key as ParsedKey<P> } : { unmet }
}

function developmentKey(key: GivenKey<PublishableKey> | undefined): Given<ParsedKey<PublishableKey>> {
  if (!key) {
    return {
      unmet:
        'no development publishable key to compare with: set `development-publishable-key` (it is public), or `environments.development.publishable-key` in the file',
    }
  }
  return key.parsed.ok && key.parsed.instanceType === 'development'
    ? { value: key as ParsedKey<PublishableKey> }
    : {
        unmet: `${key.source} is not a development instance's publishable key (pk_test_…), so the instances cannot be compared`,
      }
}

function condition(unmet: string | undefined): Given<true> {
  return unmet ? { unmet } : { value: true }
}

/** Every need: how it is told from the plan, what it hands over, and the one wording every check uses when unmet. */
const NEEDS: { [N in Need]: NeedRule<Needed[N]> } = {
  'publishable-key': {
    doc: 'a well-formed publishable key',
    subject: 'publishable-key',
    given: plan => parsedKey(plan.publishableKey, 'the publishable key is missing or malformed (see keys.publishable)'),
  },
  'secret-key': {
    doc: 'a well-formed secret key',
    subject: 'secret-key',
    given: plan => parsedKey(plan.secretKey, 'the secret key is missing or malformed (see keys.secret)'),
  },
  'development-publishable-key': {
    doc: "the development instance's publishable key (`development-publishable-key`)",
    subject: 'development-publishable-key',
    given: plan => developmentKey(plan.developmentPublishableKey),
  },
  'proxy-url': {
    doc: '`proxy-url`',
    subject: 'proxy-url',
    given: plan => present(plan.proxyUrl, 'no proxy-url: the instance is reached at its clerk. CNAME'),
  },
  domain: {
    doc: 'a production domain (`domain`, or read from a live publishable key)',
    subject: 'domain',
    given: plan => present(plan.domain, NO_DOMAIN),
  },
  'frontend-api': {
    doc: 'a Frontend API (`proxy-url`, or a well-formed publishable key)',
    subject: 'publishable-key',
    // CLERK_FAPI_URL (tests only) moves where the Frontend API is asked, never whether there is one.
    given: plan =>
      present(
        plan.proxyUrl || plan.autoProxyUrl || plan.publishableKey?.parsed.ok ? plan.frontendApiUrl : undefined,
        'no Frontend API host: the publishable key is missing or malformed (see keys.publishable), and no proxy-url is set',
      ),
  },
  url: {
    doc: "`url` (or a `deployment_status` event, or Vercel's `repository_dispatch`)",
    subject: 'url',
    given: plan =>
      present(
        plan.url,
        "no deployed URL: set `url`, or run on a deployment_status event or Vercel's repository_dispatch",
      ),
  },
  'app-origins': {
    doc: 'an app origin (`app-origins`, `url` or `domain`)',
    subject: 'app-origins',
    given: plan =>
      present(
        plan.appOrigins.value.length > 0 ? plan.appOrigins : undefined,
        'no app origin to ask for: set `app-origins`, `url` or `domain`',
      ),
  },
  'allowed-origins': {
    doc: '`allowed-origins`',
    subject: 'allowed-origins',
    given: plan =>
      present(
        plan.allowedOrigins?.value.length ? plan.allowedOrigins : undefined,
        'no allowed-origins: the app names no browser extension or native origin for the instance to allow',
      ),
  },
  satellites: {
    doc: '`satellites`',
    subject: 'satellites',
    given: plan =>
      present(plan.satellites.length > 0 ? plan.satellites : undefined, 'no satellite domains: `satellites` is empty'),
  },
  'webhook-url': {
    doc: '`webhook-url`',
    subject: 'webhook-url',
    given: plan => present(plan.webhookUrl, 'no webhook endpoint to probe: set `webhook-url`'),
  },
  'webhook-signing-secret': {
    doc: 'a webhook signing secret',
    subject: 'webhook-signing-secret',
    given: plan => present(plan.webhookSecret, 'no webhook signing secret configured'),
  },
  'platform-api-key': {
    doc: '`platform-api-key`',
    subject: 'platform-api-key',
    given: plan => present(plan.platformApiKey, 'needs `platform-api-key` (Clerk’s Platform API)'),
  },
  'two-dns-servers': {
    doc: 'two or more `dns-servers`',
    subject: 'dns-servers',
    given: plan =>
      present(plan.dnsServers.length >= 2 ? plan.dnsServers : undefined, 'needs two or more dns-servers to compare'),
  },
  'clerk-api': {
    doc: "Clerk's APIs (`clerk-api`, with a secret key under `auto`)",
    subject: 'clerk-api',
    given: plan => {
      const because = clerkApiDisabledBecause(plan)
      return condition(because && `Clerk's APIs were not asked: ${because}`)
    },
  },
  'live-checks': {
    doc: 'the live checks (`live-checks`)',
    subject: 'live-checks',
    given: plan =>
      condition(
        liveChecksOn(plan)
          ? undefined
          : plan.liveChecks === 'false'
            ? 'not probed: live-checks is false'
            : 'not probed: with live-checks auto, the live deployment is probed in production, or where url or webhook-url is given',
      ),
  },
}

/** `app-origins` → `appOrigins`, as InputName types it. */
function inputName(need: Need): string {
  return need.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
}

/**
 * What the runner hands a check: its `skip`, when it does not apply to this plan (first the instance type the
 * environment needs, then each need in the order the check declares them), or its inputs.
 */
export function handOver(check: Check, plan: Plan): { skip: Finding } | { inputs: Inputs<Need, Need> } {
  const env = plan.environment
  if (!check.appliesTo.includes(env.instanceType)) {
    return {
      skip: {
        subject: env.name,
        status: 'skip',
        message: `applies to ${check.appliesTo.join(' and ')} instances; ${env.name} uses a ${env.instanceType} instance`,
      },
    }
  }
  const inputs: Record<string, unknown> = { plan }
  for (const need of check.needs) {
    const given = NEEDS[need].given(plan)
    if ('unmet' in given) return { skip: { subject: NEEDS[need].subject, status: 'skip', message: given.unmet } }
    inputs[inputName(need)] = given.value
  }
  for (const use of check.uses ?? []) {
    const given = NEEDS[use].given(plan)
    if ('value' in given) inputs[inputName(use)] = given.value
  }
  return { inputs: inputs as Inputs<Need, Need> }
}

/** The `skip` result of a check that does not apply to this plan, or undefined when it does. */
export function skipFor(check: Check, plan: Plan): Finding | undefined {
  const handed = handOver(check, plan)
  return 'skip' in handed ? handed.skip : undefined
}

/** Whether the check runs on this plan: what the worst case counts. */
export function applies(check: Check, plan: Plan): boolean {
  return skipFor(check, plan) === undefined
}

/** For the generated reference: the needs as a reader says them. */
export function describeNeeds(needs: readonly Need[]): string[] {
  return needs.map(need => NEEDS[need].doc)
}
