import type { ClerkApi } from '../clerk/api.js'
import { displayUrl, isSameOrSubdomain, quote } from '../web/hostname.js'
import type { TlsResult } from '../web/http-client.js'
import { sharedZoneOf } from '../web/public-suffix.js'
import { type CheckPlan, defineCheck, type Finding, PRODUCTION_ONLY } from './shared/check.js'
import type { Cause } from '../report/model.js'

import { runnerSideError } from './shared/runner-side.js'
/**
 * ACME clients renew when a third of a certificate's lifetime is left (caddyserver/certmagic, maintain.go:
 * DefaultRenewalWindowRatio = 1/3; certbot's 30 days of a 90-day certificate), whatever the lifetime: 6-day and 45-day
 * certificates as well as 90-day ones. A certificate past that point has missed its renewal.
 */
export const RENEWAL_SHARE = 1 / 3

const DEPLOY_FIX =
  'Open the Clerk dashboard on the production instance and press "Deploy certificates" on its home page once the DNS records are in place (Clerk then issues the certificates itself). If dns.caa, dns.proxy or dns.cname fail too, fix those first: Clerk cannot issue while they do.'

export const deployCertificatesCheck = defineCheck({
  id: 'deploy.certificates',
  title: "Clerk's hosts answer TLS with a trusted certificate for their name",
  doc: {
    subject: "`clerk.<domain>` (or the proxy's host), `accounts.<domain>`, each satellite's `clerk.` host",
    verifies:
      "production: a TLS handshake (SNI) gets a certificate trusted by Node's store (plus `NODE_EXTRA_CA_CERTS`) and valid for the name; `pass` with issuer and expiry, `warn` when less than a third of the certificate's own lifetime is left (where ACME clients renew: caddyserver/certmagic `DefaultRenewalWindowRatio`; a fresh 6- or 7-day certificate passes), `fail` for an expired, untrusted or misnamed certificate and for a refused or unanswered connection (the fix: \"Deploy certificates\" on the Clerk dashboard's home page, after `dns.caa`/`dns.proxy`/`dns.cname`); a host the runner could not resolve (its resolver answers nothing, or `EAI_AGAIN`) is the runner's `error`, not a `fail`; `skip` on a shared domain such as `vercel.app`, where Clerk has no hosts of its own, and for `clerk.<satellite>` of a satellite behind a proxy (its `proxy_url` in Clerk's domains, or `proxy-url` on the satellite's domain)",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'domain'],
  side: 'clerk',
  network: { webExchanges: plan => (plan.domain ? productionHosts(plan.domain.value, plan).length : 0) },
  async run({ plan, domain: { value: domain } }, { http, clerk, dns }) {
    const shared = await sharedZoneOf(domain, dns)
    if (shared) {
      return [
        {
          subject: domain,
          status: 'skip',
          message: `${domain} is on ${shared.suffix} (${shared.how}): Clerk's hosts cannot be named under it, and its certificate is ${shared.suffix}'s own (see keys.frontend-api)`,
        },
      ]
    }
    const hosts = productionHosts(domain, plan)
    const proxied = await proxiedSatellites(plan, clerk)
    return Promise.all(
      hosts.map(async host => {
        const through = proxied.get(host)
        if (through) {
          return {
            subject: host,
            status: 'skip' as const,
            message: `not checked: the satellite is served through the proxy ${displayUrl(through)}, so ${host} has no certificate of Clerk's to check`,
          }
        }
        const { hostname, port } = new URL(`https://${host}`)
        const on = Number(port || 443)
        const finding = judge(host, on, await http.handshake(hostname, on))
        return finding.status === 'pass' ? finding : { ...finding, followsFrom: causesOn(host) }
      }),
    )
  },
})

/**
 * The hosts the instance serves from (Frontend API, Account Portal, satellites), for certificates: `host`, or
 * `host:port` for a proxy on a port of its own, where its TLS is.
 */
export function productionHosts(domain: string, plan: CheckPlan): string[] {
  const hosts = [plan.proxyUrl ? new URL(plan.proxyUrl).host : `clerk.${domain}`, `accounts.${domain}`]
  for (const satellite of plan.satellites) hosts.push(`clerk.${satellite}`)
  return [...new Set(hosts)]
}

/** A certificate's names, as many as a message needs. */
function names(altNames: readonly string[], fallback: string): string {
  const shownName = (name: string) => (/^[A-Za-z0-9.*-]{1,253}$/.test(name) ? name : quote(name))
  if (altNames.length === 0) return shownName(fallback)
  const shown = altNames.slice(0, 5).map(shownName)
  return altNames.length > 5 ? `${shown.join(', ')} and ${altNames.length - 5} more` : shown.join(', ')
}

/**
 * A satellite behind a proxy (its own `proxy_url` in Clerk's domains, or the `proxy-url` input on its domain) has no
 * clerk.<satellite> host: Clerk's Backend API gives each domain its own proxy_url (Domain.proxy_url, "the full URL of
 * the proxy which will forward requests to the Clerk Frontend API for this domain").
 */
async function proxiedSatellites(plan: CheckPlan, clerk: ClerkApi): Promise<Map<string, string>> {
  const proxied = new Map<string, string>()
  const inputProxy = plan.proxyUrl && new URL(plan.proxyUrl).hostname
  for (const satellite of plan.satellites) {
    if (inputProxy && isSameOrSubdomain(inputProxy, satellite))
      proxied.set(`clerk.${satellite}`, plan.proxyUrl as string)
  }
  if (plan.satellites.length === 0 || !clerk.enabled) return proxied
  const domains = await clerk.domains()
  if (!domains.ok) return proxied
  for (const domain of domains.data) {
    if (domain.is_satellite && domain.proxy_url && plan.satellites.includes(domain.name))
      proxied.set(`clerk.${domain.name}`, domain.proxy_url)
  }
  return proxied
}

function judge(host: string, port: number, result: TlsResult): Finding {
  if (!result.ok && result.kind === 'runner') return runnerSideError(host, result.detail, { failure: result.kind })
  if (!result.ok) {
    return {
      subject: host,
      status: 'fail',
      message: `${host} does not answer TLS on port ${port} (${result.detail}): the instance's certificates are not deployed, or the name does not lead to Clerk`,
      fix: DEPLOY_FIX,
      evidence: { failure: result.kind, code: result.code },
    }
  }
  const { certificate, problem } = result
  const evidence = {
    issuer: certificate.issuer,
    subject: certificate.subject,
    validTo: certificate.validTo,
    daysLeft: certificate.daysLeft,
    names: certificate.altNames,
  }
  if (problem?.code === 'CERT_HAS_EXPIRED' || certificate.daysLeft < 0) {
    return {
      subject: host,
      status: 'fail',
      message: `the certificate of ${host} expired on ${certificate.validTo.slice(0, 10)} (issuer ${certificate.issuer}): browsers refuse to load Clerk from it`,
      fix: `Clerk renews its certificates by itself; one that expired usually means renewal is blocked. ${DEPLOY_FIX}`,
      evidence: { ...evidence, code: problem?.code },
    }
  }
  if (problem?.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      subject: host,
      status: 'fail',
      message: `${host} answers with a certificate for ${names(certificate.altNames, certificate.subject)}, not for ${host}: the name leads somewhere other than Clerk, or Clerk's certificate is not deployed`,
      fix: `Check that ${host} is a CNAME to Clerk and set to "DNS only" (see dns.cname and dns.proxy). ${DEPLOY_FIX}`,
      evidence: { ...evidence, code: problem.code },
    }
  }
  if (problem) {
    return {
      subject: host,
      status: 'fail',
      message: `${host} answers with a certificate that is not trusted (${problem.code}, issuer ${certificate.issuer})`,
      fix: `Something other than Clerk answers for ${host}; Clerk's certificates come from Let's Encrypt or Google Trust Services. ${DEPLOY_FIX}`,
      evidence: { ...evidence, code: problem.code },
    }
  }
  const lifetimeMs = Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)
  const leftMs = Date.parse(certificate.validTo) - Date.now()
  if (leftMs < lifetimeMs * RENEWAL_SHARE) {
    const lifetimeDays = Math.round(lifetimeMs / 86_400_000)
    return {
      subject: host,
      status: 'warn',
      message: `the certificate of ${host} expires in ${certificate.daysLeft} day${certificate.daysLeft === 1 ? '' : 's'} (${certificate.validTo.slice(0, 10)}), less than a third of its ${lifetimeDays}-day lifetime, when it should have been renewed`,
      fix: `Clerk renews certificates well ahead of expiry; one this close usually means renewal is blocked (CAA records, a proxied record). Check dns.caa and dns.proxy, and Clerk's dashboard for the domain's SSL status.`,
      evidence,
    }
  }
  return {
    subject: host,
    status: 'pass',
    message: `${host} has a trusted certificate from ${certificate.issuer}, valid until ${certificate.validTo.slice(0, 10)}`,
    evidence,
  }
}

/**
 * Clerk cannot issue a certificate for a host whose CAA records, proxy or CNAME block it: this check's finding on a
 * host follows from theirs on it, and the deploy is still needed once they are mended (DEPLOY_FIX says to mend them
 * first).
 */
function causesOn(host: string): Cause[] {
  return (['dns.caa', 'dns.proxy', 'dns.cname'] as const).map(id => ({ id, subject: host }))
}
