import { devFrontendApiKind, parsePublishableKey } from '../clerk/keys.js'
import { hostingSharedDomainOf } from '../web/hostname.js'
import type { Plan } from '../settings/plan.js'
import type { Check, Finding } from './check.js'

export const frontendApiCheck: Check = {
  id: 'keys.frontend-api',
  title: "The publishable key's Frontend API host fits the instance",
  async run(plan, { clerk }) {
    const parsed = plan.publishableKey && parsePublishableKey(plan.publishableKey.value)
    if (!parsed?.ok) {
      return [
        {
          subject: '—',
          status: 'skip',
          message: 'no host to check: the publishable key is missing or malformed (see keys.publishable)',
        },
      ]
    }
    const host = parsed.frontendApi
    if (parsed.instanceType !== plan.environment.instanceType) {
      return [
        {
          subject: host,
          status: 'skip',
          message: 'not checked: the key is of the wrong instance type (see keys.publishable)',
        },
      ]
    }
    const environment = await clerk.environment()
    const said = environment.ok ? environment.data.display_config?.instance_environment_type : undefined
    if (said && said !== parsed.instanceType) {
      return [
        {
          subject: host,
          status: 'fail',
          message: `the Frontend API at ${host} says it serves a ${said} instance, but the key's prefix ${parsed.prefix} says ${parsed.instanceType}`,
          fix: 'Copy the publishable key again from the Clerk dashboard (API keys) of the instance this environment uses.',
          evidence: { frontendApi: host, instanceEnvironmentType: said },
        },
      ]
    }
    return parsed.instanceType === 'production' ? [productionHost(plan, host)] : [developmentHost(host)]
  },
}

function productionHost(plan: Plan, host: string): Finding {
  const evidence: Record<string, unknown> = { frontendApi: host }
  if (devFrontendApiKind(host)) {
    return {
      subject: host,
      status: 'fail',
      message: `the key has the production prefix pk_live_ but its Frontend API ${host} is a development host: the key is not a real Clerk key`,
      fix: 'Copy the publishable key of the production instance from the Clerk dashboard (API keys).',
      evidence,
    }
  }
  const domain = plan.domain
  if (!domain) {
    return {
      subject: host,
      status: 'fail',
      message: `the Frontend API ${host} is not clerk.<domain>, so the production domain cannot be derived from it`,
      fix: 'Set the `domain` input (or `domain:` in the configuration file) to the production domain of the Clerk instance.',
      evidence,
    }
  }
  evidence.domain = domain.value
  evidence.domainSource = domain.source
  const shared = hostingSharedDomainOf(domain.value)
  if (shared) {
    return {
      subject: host,
      status: 'fail',
      message: `the production domain ${domain.value} is on ${shared}, a hosting provider's shared domain: Clerk does not allow production instances there`,
      fix: `Deploy production on a domain you own (e.g. example.com) and set it as the instance's domain in the Clerk dashboard; use the development instance on ${shared}.`,
      evidence,
    }
  }
  const expected = [`clerk.${domain.value}`]
  if (plan.proxyUrl) expected.push(new URL(plan.proxyUrl).hostname)
  if (expected.includes(host)) {
    return {
      subject: host,
      status: 'pass',
      message: `the key's Frontend API ${host} belongs to ${domain.value}`,
      evidence,
    }
  }
  return {
    subject: host,
    status: 'fail',
    message: `the key's Frontend API is ${host}, but the production domain ${domain.value} (from ${domain.source}) needs ${expected.join(' or ')}: the key belongs to another instance or domain`,
    fix: `Use the publishable key of the production instance for ${domain.value}, or correct \`domain\` if ${domain.value} is not the instance's domain.`,
    evidence,
  }
}

function developmentHost(host: string): Finding {
  const kind = devFrontendApiKind(host)
  if (kind) {
    return {
      subject: host,
      status: 'pass',
      message: `${host} is a Clerk development host${kind === 'legacy' ? ' (a legacy one)' : ''}`,
      evidence: { frontendApi: host, kind },
    }
  }
  return {
    subject: host,
    status: 'fail',
    message: `the key has the development prefix pk_test_ but its Frontend API ${host} is not a Clerk development host (*.accounts.dev): the key is not a real Clerk key`,
    fix: 'Copy the publishable key of the development instance from the Clerk dashboard (API keys).',
    evidence: { frontendApi: host },
  }
}
