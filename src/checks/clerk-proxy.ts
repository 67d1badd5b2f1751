import type { ApiAnswer, ClerkDomain, ProxyCheck } from '../clerk/api.js'
import { displayUrl } from '../web/hostname.js'
import { defineCheck, ATTEMPTS, PRODUCTION_ONLY, type Finding } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'

const SOURCE = 'clerk/openapi-specs, bapi: `VerifyDomainProxy`'

export const clerkProxyCheck = defineCheck({
  id: 'clerk.proxy',
  title: "Clerk verifies the Frontend API proxy of this instance's domain",
  doc: {
    subject: 'the proxy URL',
    verifies:
      "with `proxy-url` and the secret key: Clerk itself verifies that the proxy forwards to the instance's Frontend API (Backend API `POST /v1/proxy_checks` with the primary domain's id from `GET /v1/domains` and the proxy URL: clerk/openapi-specs `bapi`, `VerifyDomainProxy`; sent once, never again). `successful: false`, or Clerk's refusal with its reason, is `fail`; a domain Clerk has set up with another proxy URL is `fail`. Proxying is for production instances only (clerk-docs `guides/dashboard/dns-domains/proxy-fapi.mdx`). The proxy is served with the app (a route or a worker), so before the deploy the previous release's proxy is what Clerk reaches: an app-side finding, at most `warn` then",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['proxy-url', 'secret-key', 'clerk-api'],
  side: 'app',
  network: {
    // The domains (shared with clerk.api), then one POST that is never sent twice.
    webExchanges: () => ATTEMPTS + 1,
    dependentWebSteps: 1,
  },
  async run(inputs, { clerk }) {
    const proxyUrl = inputs.proxyUrl.replace(/\/+$/, '')
    const subject = displayUrl(proxyUrl)
    const domains = await clerk.domains()
    if (!domains.ok) return [unanswered(subject, domains, 'list the instance’s domains')]
    const primary = domains.data.find(d => !d.is_satellite)
    if (!primary?.id) {
      return [
        {
          subject,
          status: 'error',
          message: 'Clerk listed no primary domain to verify the proxy for',
          evidence: { domains: domains.data.length },
        },
      ]
    }
    const configured = primary.proxy_url?.replace(/\/+$/, '')
    if (configured && configured !== proxyUrl) return [otherProxy(subject, primary, configured)]
    return [judgeProxyCheck(subject, primary, await clerk.proxyCheck(primary.id, proxyUrl), configured)]
  },
})

function unanswered(subject: string, answer: ApiAnswer<unknown> & { ok: false }, what: string): Finding {
  if (answer.runner) return runnerSideError(subject, answer.runner)
  return {
    subject,
    status: answer.kind === 'disabled' ? 'skip' : 'error',
    message: `could not ${what} (${answer.detail})${answer.kind === 'unauthorized' ? '; see keys.secret' : ''}`,
  }
}

function otherProxy(subject: string, domain: ClerkDomain, configured: string): Finding {
  return {
    subject,
    status: 'fail',
    message: `Clerk's domain ${domain.name} is set up with the proxy ${displayUrl(configured)}, not ${subject}: the app's clerk-js and Clerk disagree on where the Frontend API is`,
    fix: `Use the same proxy URL in the app (proxyUrl / NEXT_PUBLIC_CLERK_PROXY_URL), in proxy-url, and on the Clerk dashboard (Domains → Frontend API → proxy).`,
    evidence: { domain: domain.name, clerkProxyUrl: displayUrl(configured) },
  }
}

/** Clerk's answer to the proxy check: its `successful` (or its refusal) is the verdict. */
export function judgeProxyCheck(
  subject: string,
  domain: ClerkDomain,
  answer: ApiAnswer<ProxyCheck>,
  configured: string | undefined,
): Finding {
  const evidence = { domain: domain.name, endpoint: 'POST /v1/proxy_checks', source: SOURCE }
  const fix = `Make ${subject} forward every request to the Frontend API with its body and headers, adding Clerk-Proxy-Url, Clerk-Secret-Key and X-Forwarded-For (clerk-docs, guides/dashboard/dns-domains/proxy-fapi.mdx), then deploy it before switching the domain to the proxy.`
  if (!answer.ok && answer.kind === 'unexpected' && (answer.status === 400 || answer.status === 422)) {
    return { subject, status: 'fail', message: `Clerk could not verify the proxy: ${answer.detail}`, fix, evidence }
  }
  if (!answer.ok) return unanswered(subject, answer, 'ask Clerk to verify the proxy')
  const note = configured ? '' : `; the domain ${domain.name} is not switched to it yet (Clerk's dashboard: Domains)`
  if (answer.data.successful) {
    return {
      subject,
      status: 'pass',
      message: `Clerk reached the Frontend API of ${domain.name} through ${subject}${note}`,
      evidence,
    }
  }
  return {
    subject,
    status: 'fail',
    message: `Clerk could not reach the Frontend API of ${domain.name} through ${subject} (proxy check unsuccessful)${note}`,
    fix,
    evidence,
  }
}
