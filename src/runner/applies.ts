import { parsePublishableKey, parseSecretKey } from '../clerk/keys.js'
import type { Plan } from '../settings/plan.js'
import { clerkApiDisabledBecause, type Check, type Finding, type Need } from './check.js'

/**
 * Whether the live checks look at the deployment: `live-checks: auto` does in production and wherever the run was given
 * a URL to look at; `false` never, `true` always. They only ever reach hosts the inputs name or imply.
 */
export function liveChecksOn(plan: Plan): boolean {
  if (plan.liveChecks !== 'auto') return plan.liveChecks === 'true'
  return plan.environment.instanceType === 'production' || plan.url !== undefined || plan.webhookUrl !== undefined
}

interface NeedRule {
  /** Why the need is not met in this plan; undefined when it is. */
  unmetBecause(plan: Plan): string | undefined
  /** What a skipped check's result names as its subject: the input that would have let it run. */
  subject: string
  /** The need as the generated reference says it. */
  doc: string
}

const NO_DOMAIN = 'no production domain: set `domain`, or pass the live publishable key it can be read from'

/** Every need, how it is told from the plan, and the one wording every check uses when it is not met. */
const NEEDS: Record<Need, NeedRule> = {
  'publishable-key': {
    doc: 'a well-formed publishable key',
    subject: 'publishable-key',
    unmetBecause: plan =>
      plan.publishableKey && parsePublishableKey(plan.publishableKey.value).ok
        ? undefined
        : 'the publishable key is missing or malformed (see keys.publishable)',
  },
  'secret-key': {
    doc: 'a well-formed secret key',
    subject: 'secret-key',
    unmetBecause: plan =>
      plan.secretKey && parseSecretKey(plan.secretKey.value).ok
        ? undefined
        : 'the secret key is missing or malformed (see keys.secret)',
  },
  domain: {
    doc: 'a production domain (`domain`, or read from a live publishable key)',
    subject: 'domain',
    unmetBecause: plan => (plan.domain ? undefined : NO_DOMAIN),
  },
  url: {
    doc: "`url` (or a `deployment_status` event, or Vercel's `repository_dispatch`)",
    subject: 'url',
    unmetBecause: plan =>
      plan.url
        ? undefined
        : "no deployed URL: set `url`, or run on a deployment_status event or Vercel's repository_dispatch",
  },
  'app-origins': {
    doc: 'an app origin (`app-origins`, `url` or `domain`)',
    subject: 'app-origins',
    unmetBecause: plan =>
      plan.appOrigins.value.length > 0 ? undefined : 'no app origin to ask for: set `app-origins`, `url` or `domain`',
  },
  'webhook-url': {
    doc: '`webhook-url`',
    subject: 'webhook-url',
    unmetBecause: plan => (plan.webhookUrl ? undefined : 'no webhook endpoint to probe: set `webhook-url`'),
  },
  'webhook-signing-secret': {
    doc: 'a webhook signing secret',
    subject: 'webhook-signing-secret',
    unmetBecause: plan => (plan.webhookSecret ? undefined : 'no webhook signing secret configured'),
  },
  'platform-api-key': {
    doc: '`platform-api-key`',
    subject: 'platform-api-key',
    unmetBecause: plan => (plan.platformApiKey ? undefined : 'needs `platform-api-key` (Clerk’s Platform API)'),
  },
  'two-dns-servers': {
    doc: 'two or more `dns-servers`',
    subject: 'dns-servers',
    unmetBecause: plan => (plan.dnsServers.length >= 2 ? undefined : 'needs two or more dns-servers to compare'),
  },
  'clerk-api': {
    doc: "Clerk's APIs (`clerk-api`, with a secret key under `auto`)",
    subject: 'clerk-api',
    unmetBecause: plan => {
      const because = clerkApiDisabledBecause(plan)
      return because && `Clerk's APIs were not asked: ${because}`
    },
  },
  'live-checks': {
    doc: 'the live checks (`live-checks`)',
    subject: 'live-checks',
    unmetBecause: plan =>
      liveChecksOn(plan)
        ? undefined
        : plan.liveChecks === 'false'
          ? 'not probed: live-checks is false'
          : 'not probed: with live-checks auto, the live deployment is probed in production, or where url or webhook-url is given',
  },
}

/**
 * The `skip` result of a check that does not apply to this plan, or undefined when it does: first the instance type the
 * environment needs, then each need in the order the check declares them.
 */
export function skipFor(check: Check, plan: Plan): Finding | undefined {
  const env = plan.environment
  if (!check.appliesTo.includes(env.instanceType)) {
    return {
      subject: env.name,
      status: 'skip',
      message: `applies to ${check.appliesTo.join(' and ')} instances; ${env.name} uses a ${env.instanceType} instance`,
    }
  }
  for (const need of check.needs) {
    const because = NEEDS[need].unmetBecause(plan)
    if (because) return { subject: NEEDS[need].subject, status: 'skip', message: because }
  }
  return undefined
}

/** Whether the check runs on this plan: what the worst case counts. */
export function applies(check: Check, plan: Plan): boolean {
  return skipFor(check, plan) === undefined
}

/** For the generated reference: the needs as a reader says them. */
export function describeNeeds(needs: readonly Need[]): string[] {
  return needs.map(need => NEEDS[need].doc)
}
