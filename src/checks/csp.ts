import { parsePublishableKey } from '../clerk/keys.js'
import type { Missing } from '../web/csp-policy.js'
import type { Plan } from '../settings/plan.js'
import { displayUrl } from '../web/hostname.js'
import { HEAD_BYTES } from '../web/page-fetch.js'

const HEAD_KIB = HEAD_BYTES / 1024
import type { Check } from './check.js'

export const cspCheck: Check = {
  id: 'csp',
  title: "The deployed site's Content-Security-Policy allows what Clerk needs",
  async run(plan, { fetchPage }) {
    if (!plan.url) {
      return [
        { subject: 'url', status: 'skip', message: 'no deployed URL: set `url`, or run on a deployment_status event' },
      ]
    }
    const subject = displayUrl(plan.url)
    const frontendApi = frontendApiOrigin(plan)
    if (!frontendApi) {
      return [
        {
          subject,
          status: 'skip',
          message: 'no Frontend API host to check for: the publishable key is missing or malformed',
        },
      ]
    }
    const page = await fetchPage(plan.url)
    if (!page.ok) return [{ subject, status: 'error', message: `could not read the page's policy: ${page.detail}` }]
    const evidence: Record<string, unknown> = {
      finalUrl: page.finalUrl,
      status: page.status,
      from: page.from,
      frontendApi,
    }
    const reportOnly = page.reportOnly
      ? ' (a Content-Security-Policy-Report-Only header only reports, and is not checked)'
      : ''
    if (!page.policy && page.headCutShort) {
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
    if (!page.policy) {
      return [
        {
          subject,
          status: 'pass',
          message: `${page.finalUrl} has no Content-Security-Policy, so nothing blocks Clerk${reportOnly}`,
          evidence,
        },
      ]
    }
    evidence.policy = page.policy
    const self = new URL(page.finalUrl)
    const { missingForClerk, parsePolicies } = await import('../web/csp-policy.js')
    const missing = dedupe(parsePolicies(page.policy).flatMap(policy => missingForClerk(policy, frontendApi, self)))
    if (missing.length === 0) {
      return [
        {
          subject,
          status: 'pass',
          message: `the policy (${page.from}) allows what Clerk needs for ${frontendApi}${reportOnly}`,
          evidence,
        },
      ]
    }
    evidence.missing = missing
    return [
      {
        subject,
        status: 'fail',
        message: `the Content-Security-Policy (${page.from}) of ${page.finalUrl} blocks Clerk: ${missing.map(describe).join('; ')}`,
        fix: fixText(missing),
        evidence,
      },
    ]
  },
}

/** Where the browser talks to Clerk: the proxy when there is one, else the host the publishable key names. */
function frontendApiOrigin(plan: Plan): string | undefined {
  if (plan.proxyUrl) return new URL(plan.proxyUrl).origin
  const parsed = plan.publishableKey && parsePublishableKey(plan.publishableKey.value)
  return parsed?.ok ? `https://${parsed.frontendApi}` : undefined
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
