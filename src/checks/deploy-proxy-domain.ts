import { displayUrl, isSameOrSubdomain, quote } from '../web/hostname.js'
import { protectedFinding } from '../web/deployment-protection.js'
import { defineCheck, PRODUCTION_ONLY, type CheckPlan, type Finding } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'

const PROXY = 'data-clerk-proxy-url'
const DOMAIN = 'data-clerk-domain'

export const deployProxyDomainCheck = defineCheck({
  id: 'deploy.proxy-domain',
  title: "The deployed page points clerk-js at the configuration's proxy and domain",
  doc: {
    subject: 'the attribute (`data-clerk-proxy-url`, `data-clerk-domain`), or the page URL when the page ships neither',
    verifies:
      "the `data-clerk-proxy-url` and `data-clerk-domain` of the Clerk script tags in the deployed page's HTML (as Clerk's loaders write them: clerk/javascript `packages/shared/src/loadClerkJsScript.ts`, `buildClerkJsScriptAttributes`; the page read once, with deploy.publishable-key and csp), where clerk-js sends every browser's Frontend API request. The proxy URL, resolved against the page as clerk-js resolves a relative one, equals `proxy-url` (or @clerk/nextjs' own `/__clerk` on vercel.app), else `fail`; one the configuration does not name is a `warn`, and so is a Clerk script tag without it when `proxy-url` is set. The domain, read as clerk-js reads it (the scheme stripped, `clerk.` prefixed in production: `packages/clerk-js/src/core/clerk.ts`, `get domain()`), is the satellite's own on a satellite's page, else the primary `domain` (clerk-docs `guides/dashboard/dns-domains/satellite-domains.mdx`), else `fail`. A page that ships neither (frameworks that load clerk-js at run time set them in code, not in the HTML) is a `skip`. Proxies and satellites are for production instances",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['url', 'live-checks'],
  uses: ['domain'],
  side: 'app',
  // The page, shared with deploy.publishable-key and csp.
  network: { readsPage: true },
  async run({ plan, url, domain }, { fetchPage }) {
    const subject = displayUrl(url)
    const page = await fetchPage(url)
    if (!page.ok && page.runner) return [runnerSideError(subject, page.detail)]
    if (!page.ok) return [{ subject, status: 'error', message: `could not read the deployed app: ${page.detail}` }]
    if (page.protection)
      return [protectedFinding({ ...plan, appUrl: url }, subject, page.protection, 'the Clerk options it ships')]
    if (page.status >= 400)
      return [{ subject, status: 'error', message: `the deployed app answered ${page.status} at ${page.finalUrl}` }]
    const { shippedClerkOptions } = await import('../web/shipped-keys.js')
    const shipped = shippedClerkOptions(page.body)
    const findings = [
      ...proxyFindings(plan, page.url, shipped.proxyUrls, shipped.keyed),
      ...domainFindings(plan, page.url, shipped.domains, domain?.value),
    ]
    if (findings.length > 0) return findings
    return [
      {
        subject,
        status: 'skip',
        message: `${page.finalUrl} ships no ${PROXY} or ${DOMAIN} in its HTML: where clerk-js sends its requests is set in code there, and is not judged`,
      },
    ]
  },
})

const withoutSlash = (url: string) => url.replace(/\/+$/, '')

function proxyFindings(plan: CheckPlan, pageUrl: string, shipped: string[], keyed: boolean): Finding[] {
  const configured = plan.proxyUrl ?? plan.autoProxyUrl
  const expected = configured && withoutSlash(configured)
  const source = plan.proxyUrl ? 'proxy-url' : "@clerk/nextjs' own proxy on vercel.app"
  if (shipped.length === 0) {
    if (!expected || !keyed) return []
    return [
      {
        subject: PROXY,
        status: 'warn',
        message: `the page's Clerk script tag has no ${PROXY}: clerk-js there talks to the Frontend API directly, not through ${displayUrl(expected)} (${source})`,
        fix: `Pass proxyUrl: '${expected}' to Clerk where the app is built (NEXT_PUBLIC_CLERK_PROXY_URL, or the proxyUrl option), and redeploy.`,
        evidence: { expected },
      },
    ]
  }
  const resolved = shipped.map(value => ({ value, url: absolute(value, pageUrl) }))
  const evidence = { shipped: resolved.map(r => quote(r.value, 200)), ...(expected ? { expected } : {}) }
  const invalid = resolved.find(r => r.url === undefined)
  if (invalid) {
    return [
      {
        subject: PROXY,
        status: 'fail',
        message: `the page ships ${PROXY}=${quote(invalid.value)}, which is no URL clerk-js can send requests to`,
        fix: `Set the app's proxyUrl to ${expected ? `'${expected}'` : 'the proxy’s https URL'}, and redeploy.`,
        evidence,
      },
    ]
  }
  const urls = [...new Set(resolved.map(r => r.url as string))]
  if (!expected) {
    return [
      {
        subject: PROXY,
        status: 'warn',
        message: `the page sends Clerk's requests through ${urls.map(displayUrl).join(', ')}, a proxy the configuration does not name: the checks ask the Frontend API as if there were none`,
        fix: `Set \`proxy-url: ${urls[0]}\` (an input, or the file) so that the proxy is checked as browsers use it.`,
        evidence,
      },
    ]
  }
  const other = urls.filter(u => u !== expected)
  if (other.length === 0) {
    return [
      {
        subject: PROXY,
        status: 'pass',
        message: `the page sends Clerk's requests through ${displayUrl(expected)}, the ${source}`,
        evidence,
      },
    ]
  }
  return [
    {
      subject: PROXY,
      status: 'fail',
      message: `the page sends Clerk's requests through ${other.map(displayUrl).join(', ')}, but the ${source} is ${displayUrl(expected)}: browsers and Clerk disagree on where the Frontend API is`,
      fix: `Use one proxy URL everywhere: the app's proxyUrl (NEXT_PUBLIC_CLERK_PROXY_URL), \`proxy-url\`, and Clerk's dashboard (Domains → Frontend API); then redeploy.`,
      evidence,
    },
  ]
}

/** A proxy URL as clerk-js takes it: absolute, or a path resolved against the page (proxyUrlToAbsoluteURL). */
function absolute(value: string, pageUrl: string): string | undefined {
  if (!URL.canParse(value, pageUrl)) return undefined
  const url = new URL(value, pageUrl)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  return withoutSlash(`${url.origin}${url.pathname}`)
}

/** The domain as clerk-js turns it into its Frontend API host: the scheme and any `clerk.` prefix dropped. */
function bareDomain(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/^(?:clerk\.)+/, '')
}

function domainFindings(plan: CheckPlan, pageUrl: string, shipped: string[], primary: string | undefined): Finding[] {
  if (shipped.length === 0) return []
  const host = new URL(pageUrl).hostname
  const satellite = plan.satellites.find(s => isSameOrSubdomain(host, s))
  const onPrimary = primary !== undefined && isSameOrSubdomain(host, primary)
  const expected = satellite ? [satellite] : onPrimary ? [primary] : [...(primary ? [primary] : []), ...plan.satellites]
  const evidence = { shipped: shipped.map(v => quote(v, 200)), expected }
  if (expected.length === 0) {
    return [
      {
        subject: DOMAIN,
        status: 'skip',
        message: `the page ships ${DOMAIN}=${quote(shipped[0] as string)}, and there is no \`domain\` or \`satellites\` to compare it with`,
        evidence,
      },
    ]
  }
  const wrong = shipped.filter(v => !expected.includes(bareDomain(v)))
  const where = satellite
    ? `${host} is on the satellite ${satellite}`
    : onPrimary
      ? `${host} is on the primary domain ${primary}`
      : `the configuration's domains are ${expected.join(', ')}`
  if (wrong.length === 0) {
    return [
      {
        subject: DOMAIN,
        status: 'pass',
        message: `clerk-js on the page talks to clerk.${bareDomain(shipped[0] as string)}, and ${where}`,
        evidence,
      },
    ]
  }
  const first = wrong[0] as string
  return [
    {
      subject: DOMAIN,
      status: 'fail',
      message: `the page ships ${DOMAIN}=${quote(first)}, so clerk-js talks to clerk.${bareDomain(first) || '(nothing)'}, but ${where}`,
      fix: `Set the app's domain (NEXT_PUBLIC_CLERK_DOMAIN, or the domain option) to '${expected[0]}' where ${host} is built, and redeploy.`,
      evidence,
    },
  ]
}
