import { devFrontendApiKind } from '../clerk/keys.js'
import { shownInstanceType } from '../clerk/api.js'
import type { DnsClient } from '../dns/client.js'
import { sharedZoneOf, type SharedZone } from '../web/public-suffix.js'
import { defineCheck, EVERY_INSTANCE, type Finding, type Inputs } from './shared/check.js'

export const keysFrontendApiCheck = defineCheck({
  id: 'keys.frontend-api',
  title: "The publishable key's Frontend API host fits the instance",
  doc: {
    subject: 'the decoded host',
    verifies:
      "production: the host is `clerk.<domain>`, the proxy's host, or `clerk.<satellite>` of a listed satellite (as Clerk's SDK gives a satellite its Frontend API: `parsePublishableKey` with `isSatellite`); `staging` on production's own instance `warn`s: Clerk documents it as a staging alternative, not recommended, not forbidden (clerk-docs `guides/development/deployment/staging-alternatives.mdx`; see [the target environment](configuration.md#the-target-environment)). A production domain on a shared domain of the Public Suffix List's private section (`netlify.app`, `pages.dev`, `web.app`, `workers.dev`, `up.railway.app`, …) fails, since no Clerk record can be added there; on `vercel.app` it warns instead, because `@clerk/nextjs` proxies a production instance there by itself, within limits the message names (`packages/shared/src/proxy.ts`). The list cannot tell a registry (`shop.us.com`, `*.eu.org`, `*.co.nl`: the owner runs the zone) from a hosting platform, so the DNS decides whose zone it is: an SOA at or below the registrable name (a zone cut) makes the domain the user's, judged as any other; none, and it is the platform's, \"shared\". When the DNS cannot say, the list is taken at its word and the message says so; a skipped DNS check always says why. Other environments: a Clerk development host (`*.accounts.dev`, `*.accountsstage.dev`, `*.accounts.lclclerk.com`, legacy `*.lcl.dev`)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['publishable-key'],
  uses: ['domain'],
  side: 'clerk',
  network: {},
  async run(inputs, { clerk, dns }) {
    const { plan, publishableKey } = inputs
    const parsed = publishableKey.parsed
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
    const said: unknown = environment.ok ? environment.data.display_config?.instance_environment_type : undefined
    const shown = shownInstanceType(said)
    if (shown && said !== parsed.instanceType) {
      return [
        {
          subject: host,
          status: 'fail',
          message: `the Frontend API at ${host} says it serves a ${shown} instance, but the key's prefix ${parsed.prefix} says ${parsed.instanceType}`,
          fix: 'Copy the publishable key again from the Clerk dashboard (API keys) of the instance this environment uses.',
          evidence: { frontendApi: host, instanceEnvironmentType: shown },
        },
      ]
    }
    return parsed.instanceType === 'production' ? [await productionHost(inputs, host, dns)] : [developmentHost(host)]
  },
})

/**
 * Shared domains where Clerk's SDK proxies a production instance by itself: @clerk/nextjs on Vercel's production
 * target, for a project whose production URL is *.vercel.app (clerk/javascript, packages/shared/src/proxy.ts:
 * AUTO_PROXY_HOST_SUFFIXES, getAutoProxyUrlFromEnvironment).
 */
const AUTO_PROXIED_SHARED_DOMAINS = ['vercel.app']

/** What the check is handed: the key, and the domain when there is one. */
type Given = Inputs<'publishable-key', 'domain'>

async function productionHost(given: Given, host: string, dns: DnsClient): Promise<Finding> {
  const zone = given.domain ? await sharedZoneOf(given.domain.value, dns) : undefined
  const shared = zone?.suffix
  const finding = productionHostOnly(given, host, zone)
  if (finding.status !== 'pass' || !shared) return finding
  return {
    ...finding,
    status: 'warn',
    message: `${finding.message}, which is on ${shared}: it works only through the proxy @clerk/nextjs sets up by itself there (at /__clerk), so only for a Next.js app on Vercel's production deployment of that URL; previews, other frameworks, satellites and an Account Portal on accounts.${given.domain?.value} do not work, and Clerk's DNS records cannot be added`,
    fix: `For a production you control fully, move it to a domain you own and set that as the instance's domain in the Clerk dashboard.`,
    evidence: { ...finding.evidence, sharedDomain: shared, autoProxy: '/__clerk' },
  }
}

function productionHostOnly({ plan, domain }: Given, host: string, zone: SharedZone | undefined): Finding {
  const shared = zone?.suffix
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
  if (shared && !AUTO_PROXIED_SHARED_DOMAINS.includes(shared)) {
    return {
      subject: host,
      status: 'fail',
      message: `the production domain ${domain.value} is on ${shared}, a shared domain (Public Suffix List, private section) whose DNS its operator runs (${zone?.how}): the records a production instance needs (clerk., accounts., mail) cannot be added there`,
      fix: `Deploy production on a domain you own (e.g. example.com) and set it as the instance's domain in the Clerk dashboard; use the development instance on ${shared}. If ${domain.value} is yours under a registry suffix (like shop.us.com), delegate it to a zone of your own (NS records at the registry) and the DNS will say so.`,
      evidence: { ...evidence, sharedDomain: shared },
    }
  }
  if (plan.productionFrontendApiHosts.includes(host)) {
    // Clerk documents it as a staging alternative, "not recommended", with its limits (clerk-docs
    // guides/development/deployment/staging-alternatives.mdx, "Shared production credentials"): not forbidden.
    return {
      subject: host,
      status: 'warn',
      message: `${plan.environment.name} uses the production environment's own instance (${host} is also the Frontend API the configuration file gives production): it works, and shares production's users, data and settings, which Clerk documents as not recommended`,
      fix: `Create a separate Clerk application for ${plan.environment.name} with a domain of its own and use its production instance's keys (Clerk docs: "Set up a staging environment", clerk.com/docs/deployments/set-up-staging); to share production's instance on purpose, check this deployment as \`environment: production\`.`,
      evidence: { ...evidence, productionFrontendApiHosts: plan.productionFrontendApiHosts },
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
  // Clerk's SDK gives a satellite the Frontend API clerk.<satellite> (clerk/javascript, packages/shared/src/keys.ts:
  // parsePublishableKey with isSatellite and domain), so a key naming that host is the satellite's.
  const satellite = plan.satellites.find(s => host === `clerk.${s}`)
  if (satellite) {
    return {
      subject: host,
      status: 'pass',
      message: `the key's Frontend API ${host} is that of the satellite ${satellite} of ${domain.value}`,
      evidence: { ...evidence, satellite },
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
