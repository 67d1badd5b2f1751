import type { ClerkApi } from '../clerk/api.js'
import type { InstanceFeatures, Missing } from '../web/csp-policy.js'
import { displayUrl, isSameOrSubdomain } from '../web/hostname.js'
import { protectedFinding } from '../web/deployment-protection.js'
import { correctedPolicies } from '../web/csp-correction.js'
import { HEAD_BYTES, type DeliveredPolicy } from '../web/page-fetch.js'
import { defineCheck, EVERY_INSTANCE, type Inputs } from './shared/check.js'

const HEAD_KIB = HEAD_BYTES / 1024
import { runnerSideError } from './shared/runner-side.js'

export const cspCheck = defineCheck({
  id: 'csp',
  title: "The deployed site's Content-Security-Policy allows what Clerk needs",
  doc: {
    subject: 'the fetched URL',
    verifies:
      "every Content-Security-Policy of the deployed page (its header and each `<meta http-equiv>`) allows what Clerk needs for this instance's Frontend API: see [CSP](csp.md)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['url', 'frontend-api'],
  uses: ['publishable-key', 'live-checks'],
  side: 'app',
  network: { readsPage: true },
  async run(inputs, { fetchPage, clerk }) {
    const { plan, url } = inputs
    const subject = displayUrl(url)
    const [page, features] = await Promise.all([fetchPage(url), instanceFeatures(inputs.liveChecks, clerk)])
    if (!page.ok && page.runner) return [runnerSideError(subject, page.detail)]
    if (!page.ok) return [{ subject, status: 'error', message: `could not read the page's policy: ${page.detail}` }]
    if (page.protection) {
      const bypass = { ...plan, appUrl: url }
      return [protectedFinding(bypass, subject, page.protection, "the app's Content-Security-Policy")]
    }
    const self = new URL(page.finalUrl)
    const frontendApi = frontendApiOrigin(inputs, self.hostname)
    const from = deliveredBy(page.policies)
    const evidence: Record<string, unknown> = {
      finalUrl: page.finalUrl,
      status: page.status,
      from,
      frontendApi,
      instanceFeatures: features,
    }
    const reportOnly = page.reportOnly
      ? ' (a Content-Security-Policy-Report-Only header only reports, and is not checked)'
      : ''
    if (page.policies.length === 0 && page.headCutShort) {
      return [
        {
          subject,
          status: 'warn',
          message: `${page.finalUrl} has no Content-Security-Policy header, and its <head> goes on past the first ${HEAD_KIB} KiB read without a <meta> policy: one after that could not be checked`,
          fix: 'Send the policy as a Content-Security-Policy header, or put its <meta http-equiv> tag near the top of <head>.',
          evidence,
        },
      ]
    }
    if (page.policies.length === 0) {
      return [
        {
          subject,
          status: 'pass',
          message: `${page.finalUrl} has no Content-Security-Policy, so nothing blocks Clerk${reportOnly}`,
          evidence,
        },
      ]
    }
    evidence.policies = page.policies
    const { missingForClerk, parseMetaPolicy, parsePolicies } = await import('../web/csp-policy.js')
    // Browsers enforce every policy: a request must pass all of them.
    const parsed = page.policies.flatMap(p => (p.from === 'header' ? parsePolicies(p.text) : [parseMetaPolicy(p.text)]))
    const missing = dedupe(parsed.flatMap(policy => missingForClerk(policy, frontendApi, self, features.known)))
    if (missing.length === 0) {
      return [
        {
          subject,
          status: 'pass',
          message: `the policy (${from}) allows what Clerk needs for ${frontendApi}${describeFeatures(features.known)}${reportOnly}`,
          evidence,
        },
      ]
    }
    evidence.missing = missing
    const failing = missing.some(m => m.severity === 'fail')
    const policies = correctedPolicies(page.policies, missing)
    return [
      {
        subject,
        status: failing ? 'fail' : 'warn',
        message: `the Content-Security-Policy (${from}) of ${page.finalUrl} ${failing ? 'blocks Clerk' : "blocks part of Clerk's UI"}: ${missing.map(describe).join('; ')}`,
        fix: fixText(missing),
        ...(policies.length > 0 ? { fixParts: { policies } } : {}),
        evidence,
      },
    ]
  },
})

/**
 * Where the browser talks to Clerk: the proxy when there is one (vercel.app's automatic one included); on a satellite's page, clerk.<satellite> (Clerk's SDK
 * gives a satellite that Frontend API: clerk/javascript, packages/shared/src/keys.ts, parsePublishableKey with
 * isSatellite and domain); else the host the publishable key names.
 */
export function frontendApiOrigin(
  { plan, publishableKey, frontendApi }: Inputs<'frontend-api', 'publishable-key'>,
  pageHost: string,
): string {
  const proxy = plan.proxyUrl ?? plan.autoProxyUrl
  // Without a proxy, the frontend-api need is the key's host.
  if (proxy || !publishableKey) return new URL(proxy ?? frontendApi).origin
  const parsed = publishableKey.parsed
  const satellite = parsed.instanceType === 'production' && plan.satellites.find(s => isSameOrSubdomain(pageHost, s))
  return satellite ? `https://clerk.${satellite}` : `https://${parsed.frontendApi}`
}

/**
 * What the Frontend API says is on (Billing, Google One Tap); each needs hosts of its own. Asked when Clerk's APIs are,
 * or when the live checks ask that public endpoint anyway (the same answer: it is asked once).
 */
async function instanceFeatures(
  liveChecks: true | undefined,
  clerk: ClerkApi,
): Promise<{ known: InstanceFeatures; note?: string }> {
  const environment = liveChecks ? await clerk.liveEnvironment() : await clerk.environment()
  if (!environment.ok) return { known: {}, note: `not known: ${environment.detail}` }
  const billing = environment.data.commerce_settings?.billing
  return {
    known: {
      billing: billing?.enabled === true || billing?.user?.enabled === true || billing?.organization?.enabled === true,
      googleOneTap: Boolean(environment.data.display_config?.google_one_tap_client_id),
    },
  }
}

function describeFeatures(features: InstanceFeatures): string {
  const on = [features.billing && 'Billing', features.googleOneTap && 'Google One Tap'].filter(Boolean)
  return on.length > 0 ? `, ${on.join(' and ')} included` : ''
}

function deliveredBy(policies: DeliveredPolicy[]): string {
  const metas = policies.filter(p => p.from === 'meta').length
  const parts = [
    ...(policies.some(p => p.from === 'header') ? ['header'] : []),
    ...(metas === 1 ? ['meta'] : metas > 1 ? [`${metas} meta elements`] : []),
  ]
  return parts.length > 0 ? parts.join(' and ') : 'none'
}

function dedupe(missing: Missing[]): Missing[] {
  const seen = new Set<string>()
  return missing.filter(m => {
    const key = `${m.directive} ${m.source}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function describe(m: Missing): string {
  const via = m.governedBy !== m.directive ? ` (through ${m.governedBy})` : ''
  return m.why ?? `\`${m.directive}\`${via} does not allow \`${m.source}\``
}

function fixText(missing: Missing[]): string {
  const byDirective = new Map<string, string[]>()
  for (const m of missing) byDirective.set(m.directive, [...(byDirective.get(m.directive) ?? []), m.source])
  return `${[...byDirective].map(([directive, sources]) => `Add to \`${directive}\`: \`${sources.join(' ')}\``).join('; ')} (a directive the policy lacks can be added on its own, as \`directive sources\`: it then takes over from its fallback).`
}
