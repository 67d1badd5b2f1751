import type { ClerkApi } from '../clerk/api.js'
import { displayUrl, isSameOrSubdomain, quote } from '../web/hostname.js'
import type { TlsResult } from '../web/http-client.js'
import { sharedZoneOf } from '../web/public-suffix.js'
import { type CheckPlan, defineCheck, type Finding, PRODUCTION_ONLY } from './shared/check.js'
import type { Cause } from '../report/model.js'

import { runnerSideError } from './shared/runner-side.js'
/**
 * ACME clients start renewing when a third of a certificate's lifetime is left (caddyserver/certmagic, maintain.go:
 * DefaultRenewalWindowRatio = 1/3; Let's Encrypt's ARI suggests a window around that point), whatever the lifetime:
 * 6-day and 45-day certificates as well as 90-day ones. A certificate there is being renewed, not late; one with less
 * than half of that window left (a sixth of its lifetime) has missed its renewal. Very short lifetimes get a floor:
 * less than a day left is late whatever the lifetime (a 90-minute certificate with 80 minutes left would be "on time").
 */
export const OVERDUE_SHARE = 1 / 6
export const OVERDUE_FLOOR_MS = 24 * 3_600_000

const DEPLOY_FIX =
  'Open the Clerk dashboard on the production instance and press "Deploy certificates" on its home page once the DNS records are in place (Clerk then issues the certificates itself). If dns.caa, dns.proxy or dns.cname fail too, fix those first: Clerk cannot issue while they do.'

export const deployCertificatesCheck = defineCheck({
  id: 'deploy.certificates',
  title: "Clerk's hosts answer TLS with a trusted certificate for their name",
  doc: {
    subject: "`clerk.<domain>` (or the proxy's host), `accounts.<domain>`, each satellite's `clerk.` host",
    verifies:
      "production: a TLS handshake (SNI) gets a certificate trusted by Node's store (plus `NODE_EXTRA_CA_CERTS`) and valid for the name; `pass` with issuer and expiry, `warn` when its renewal is overdue: less than a sixth of its own lifetime left (renewal starts at a third: caddyserver/certmagic `DefaultRenewalWindowRatio`, Let's Encrypt's ARI; a fresh 6- or 7-day certificate passes) or less than 24 hours, `fail` for an expired, untrusted or misnamed certificate and for a refused or unanswered connection (the fix: \"Deploy certificates\" on the Clerk dashboard's home page, after `dns.caa`/`dns.proxy`/`dns.cname`); a host the runner could not resolve (its resolver answers nothing, or `EAI_AGAIN`) is the runner's `error`, not a `fail`; `skip` on a shared domain such as `vercel.app`, where Clerk has no hosts of its own, and for `clerk.<satellite>` of a satellite behind a proxy (its `proxy_url` in Clerk's domains, or `proxy-url` on the satellite's domain)",
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
        const proxy = plan.proxyUrl !== undefined && new URL(plan.proxyUrl).host === host
        const finding = judge(host, on, await http.handshake(hostname, on), proxy)
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

/**
 * A proxy (`proxy-url`) serves its own certificate: it is the app's server, not Clerk's, so "Deploy certificates" does
 * not apply to it (clerk-docs `proxy-fapi.mdx`: the proxy forwards to Clerk's Frontend API from the app's domain).
 */
const PROXY_FIX =
  "The proxy is your own server (it forwards to Clerk's Frontend API): its certificate is your host's or CDN's to issue and renew, not Clerk's. Fix TLS there, for the proxy's host and port."

function judge(host: string, port: number, result: TlsResult, proxy = false): Finding {
  if (!result.ok && result.kind === 'runner') return runnerSideError(host, result.detail, { failure: result.kind })
  const deployFix = proxy ? PROXY_FIX : DEPLOY_FIX
  if (!result.ok) {
    return {
      subject: host,
      status: 'fail',
      message: proxy
        ? `the proxy ${host} does not answer TLS on port ${port} (${result.detail})`
        : `${host} does not answer TLS on port ${port} (${result.detail}): the instance's certificates are not deployed, or the name does not lead to Clerk`,
      fix: deployFix,
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
      fix: proxy
        ? PROXY_FIX
        : `Clerk renews its certificates by itself; one that expired usually means renewal is blocked. ${DEPLOY_FIX}`,
      evidence: { ...evidence, code: problem?.code },
    }
  }
  if (problem?.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      subject: host,
      status: 'fail',
      message: `${host} answers with a certificate for ${names(certificate.altNames, certificate.subject)}, not for ${host}: the name leads somewhere other than Clerk, or Clerk's certificate is not deployed`,
      fix: proxy
        ? PROXY_FIX
        : `Check that ${host} is a CNAME to Clerk and set to "DNS only" (see dns.cname and dns.proxy). ${DEPLOY_FIX}`,
      evidence: { ...evidence, code: problem.code },
    }
  }
  if (problem) {
    return {
      subject: host,
      status: 'fail',
      message: `${host} answers with a certificate that is not trusted (${problem.code}, issuer ${certificate.issuer})`,
      fix: proxy
        ? PROXY_FIX
        : `Something other than Clerk answers for ${host}; Clerk's certificates come from Let's Encrypt or Google Trust Services. ${DEPLOY_FIX}`,
      evidence: { ...evidence, code: problem.code },
    }
  }
  const lifetimeMs = Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)
  const leftMs = Date.parse(certificate.validTo) - Date.now()
  if (leftMs < lifetimeMs * OVERDUE_SHARE || leftMs < OVERDUE_FLOOR_MS) {
    const why =
      leftMs < lifetimeMs * OVERDUE_SHARE
        ? `less than a sixth of its ${duration(lifetimeMs)} lifetime, past the third where renewal starts`
        : 'less than a day'
    return {
      subject: host,
      status: 'warn',
      message: `the certificate of ${host} expires in ${duration(leftMs)} (${certificate.validTo.slice(0, 16).replace('T', ' ')} UTC), ${why}: its renewal is overdue`,
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

/** A span as a reader counts it: days, else hours, else minutes. */
function duration(ms: number): string {
  const [amount, unit] =
    ms >= 2 * 86_400_000
      ? [Math.floor(ms / 86_400_000), 'day']
      : ms >= 2 * 3_600_000
        ? [Math.floor(ms / 3_600_000), 'hour']
        : [Math.max(0, Math.floor(ms / 60_000)), 'minute']
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`
}

/**
 * Clerk cannot issue a certificate for a host whose CAA records, proxy or CNAME block it: this check's finding on a
 * host follows from theirs on it, and the deploy is still needed once they are mended (DEPLOY_FIX says to mend them
 * first).
 */
function causesOn(host: string): Cause[] {
  return (['dns.caa', 'dns.proxy', 'dns.cname'] as const).map(id => ({ id, subject: host }))
}
