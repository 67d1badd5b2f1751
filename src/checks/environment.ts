import { KEY_PREFIXES } from '../clerk-keys.js'
import { hostingSharedDomainOf, isSameOrSubdomain } from '../hostname.js'
import type { Plan } from '../plan.js'
import type { Check, Finding } from './check.js'

const SOURCE_TEXT: Record<Plan['environment']['source'], string> = {
  input: 'the environment input',
  config: "the configuration file's environment",
  deployment: "the deployment event's environment",
  VERCEL_ENV: 'VERCEL_ENV',
  pull_request: 'a pull-request event',
  ref: 'the ref',
}

export const environmentCheck: Check = {
  id: 'environment',
  title: 'The target environment is known and needs the right instance type',
  run(plan) {
    const env = plan.environment
    const prefixes = KEY_PREFIXES[env.instanceType]
    const findings: Finding[] = [
      {
        subject: env.name,
        status: 'pass',
        message: `${env.name} (from ${SOURCE_TEXT[env.source]}: ${JSON.stringify(env.detail)}) needs a ${env.instanceType} instance: ${prefixes.publishable}/${prefixes.secret} keys`,
        evidence: { source: env.source, detail: env.detail, instanceType: env.instanceType, instanceTypeFrom: env.instanceTypeFrom },
      },
    ]
    if (env.instanceType === 'production' && env.name !== 'production') findings.push(...originsUnderDomain(plan))
    return findings
  },
}

/**
 * A non-production environment on the production instance (previews on a subdomain, sharing users) only works where
 * Clerk's production cookies work: the production domain and its subdomains, never a host's own preview domain.
 */
function originsUnderDomain(plan: Plan): Finding[] {
  const domain = plan.domain?.value
  if (!domain) return []
  if (plan.appOrigins.source === 'default') {
    // The default origin is the domain itself, which proves nothing for previews: each deploy has a URL of its own.
    if (plan.environment.name !== 'preview') return []
    return [
      {
        subject: plan.environment.name,
        status: 'warn',
        message: `${plan.environment.name} uses the production instance, but no app origin or url is given, so where it is served cannot be checked`,
        fix: `Set \`app-origins\` (or \`url\`) for ${plan.environment.name}, e.g. https://preview.${domain}.`,
      },
    ]
  }
  return plan.appOrigins.value.flatMap((origin): Finding[] => {
    const host = new URL(origin).hostname
    if (isSameOrSubdomain(host, domain)) return []
    const shared = hostingSharedDomainOf(host)
    return [
      {
        subject: origin,
        status: 'fail',
        message: `${plan.environment.name} uses the production instance of ${domain}, but ${origin} is not on ${domain} or a subdomain of it${shared ? ` (it is on ${shared}, a hosting provider's shared domain)` : ''}: Clerk's production keys do not work there`,
        fix: `Serve ${plan.environment.name} from a subdomain such as https://${plan.environment.name}.${domain}, or give it the development instance (\`environments.${plan.environment.name}.instance-type: development\` with pk_test_/sk_test_ keys).`,
        evidence: { origin, domain },
      },
    ]
  })
}
