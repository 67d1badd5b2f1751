import { KEY_PREFIXES } from '../clerk/keys.js'
import { isLocalHost, isSameOrSubdomain } from '../web/hostname.js'
import { domainFacts, sharedDomainOf } from '../web/public-suffix.js'
import type { Plan } from '../settings/plan.js'
import { defineCheck, EVERY_INSTANCE, type Finding, type Inputs } from './shared/check.js'

const SOURCE_TEXT: Record<Plan['environment']['source'], string> = {
  input: 'the environment input',
  config: "the configuration file's environment",
  deployment: "the deployment event's environment",
  VERCEL_ENV: 'VERCEL_ENV',
  pull_request: 'a pull-request event',
  ref: 'the ref',
}

export const environmentCheck = defineCheck({
  id: 'environment',
  title: 'The target environment is known and needs the right instance type',
  doc: {
    subject: 'env name (or an app origin)',
    verifies:
      "the target environment is known and says which instance type it needs; a non-production environment on the production instance is served under the production domain. `staging` with a development instance's key (`pk_test_`) is judged as a development instance and `warn`s: Clerk recommends a production instance of a separate application for staging and does not require one (clerk-docs `guides/development/managing-environments.mdx`)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: [],
  uses: ['domain', 'app-origins', 'url'],
  side: 'clerk',
  network: {},
  async run(inputs) {
    const { plan } = inputs
    const env = plan.environment
    const prefixes = KEY_PREFIXES[env.instanceType]
    const findings: Finding[] = [
      {
        subject: env.name,
        status: 'pass',
        message: `${env.name} (from ${SOURCE_TEXT[env.source]}: ${JSON.stringify(env.detail)}) needs a ${env.instanceType} instance: ${prefixes.publishable}/${prefixes.secret} keys`,
        evidence: {
          source: env.source,
          detail: env.detail,
          instanceType: env.instanceType,
          instanceTypeFrom: env.instanceTypeFrom,
        },
      },
    ]
    if (env.instanceTypeFrom === 'key') {
      // Clerk recommends, and does not require, a production instance of a separate application for staging
      // (clerk-docs, guides/development/managing-environments.mdx, "Staging environments").
      findings[0] = {
        ...(findings[0] as Finding),
        status: 'warn',
        message: `${env.name} (from ${SOURCE_TEXT[env.source]}: ${JSON.stringify(env.detail)}) uses a development instance (its publishable key is pk_test_…), and is checked as one: it works, with a development instance's limits (500 users, shared OAuth credentials, the accounts.dev domain)`,
        fix: `Clerk recommends a separate Clerk application for staging, on a domain of its own (e.g. staging.<domain>), with that application's production instance (clerk.com/docs/guides/development/managing-environments#staging-environments); to keep the development instance, say so with \`environments.${env.name}.instance-type: development\` in the configuration file.`,
      }
    }
    if (env.instanceType === 'production') findings.push(...(await originsOnInstanceDomains(inputs)))
    return findings
  },
})

/**
 * A production instance's cookies and keys work on its domain and subdomains, and on another registrable domain only
 * when that is set up as a satellite. That is also where a preview on the production instance must be served: never
 * on a host's own preview domain. A developer's own machine is left alone. A production build's own URL (Vercel's
 * `<project>-<hash>-<team>.vercel.app`, where it waits for Deployment Checks before it is promoted to the domain) is
 * not where production is served, and is not judged here; another environment's deployed URL is where it is served.
 */
async function originsOnInstanceDomains({
  plan,
  ...given
}: Inputs<never, 'domain' | 'app-origins' | 'url'>): Promise<Finding[]> {
  const domain = given.domain?.value
  // With a domain there is an app origin: by default the domain's own.
  const appOrigins = given.appOrigins
  if (!domain || !appOrigins) return []
  const deployed = given.url && plan.environment.name !== 'production' ? [new URL(given.url).origin] : []
  const served = [...new Set([...(appOrigins.source === 'default' ? [] : appOrigins.value), ...deployed])]
  if (served.length === 0) {
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
  const findings: Finding[] = []
  for (const origin of served) {
    const host = new URL(origin).hostname
    if (isLocalHost(host) || isSameOrSubdomain(host, domain) || plan.satellites.some(s => isSameOrSubdomain(host, s)))
      continue
    const shared = await sharedDomainOf(host)
    const name = plan.environment.name
    if (shared || name !== 'production') {
      findings.push({
        subject: origin,
        status: 'fail',
        message: `${name} uses the production instance of ${domain}, but ${origin} is not on ${domain} or a subdomain of it${shared ? ` (it is on ${shared}, a shared domain in the Public Suffix List's private section, such as a hosting provider's)` : ''}: Clerk's production keys do not work there`,
        fix: `Serve ${name} from a subdomain such as https://${name === 'production' ? 'app' : name}.${domain}${name === 'production' ? '' : `, or give it the development instance (\`environments.${name}.instance-type: development\` with pk_test_/sk_test_ keys)`}.`,
        evidence: { origin, domain },
      })
      continue
    }
    const registrable = (await domainFacts(host)).registrable ?? host
    findings.push({
      subject: origin,
      status: 'fail',
      message: `${origin} is on ${registrable}, another registrable domain than ${domain}, and not a listed satellite: Clerk shares sessions with another domain only through a satellite domain, so users would not be signed in there`,
      fix: `Add ${registrable} as a satellite domain in the Clerk dashboard (Domains → Satellites), list it under \`satellites\`, and add its clerk.${registrable} CNAME; or serve the app from a subdomain of ${domain}.`,
      evidence: { origin, domain, satellites: plan.satellites },
    })
  }
  return findings
}
