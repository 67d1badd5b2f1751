import { type CheckPlan, declareCheck, judged, PRODUCTION_ONLY } from './shared/check.js'

export const declaration = declareCheck({
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
})

export const deployCertificatesCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "deploy" */ './deploy-certificates.run.js'),
)

/**
 * The hosts the instance serves from (Frontend API, Account Portal, satellites), for certificates: `host`, or
 * `host:port` for a proxy on a port of its own, where its TLS is.
 */
export function productionHosts(domain: string, plan: CheckPlan): string[] {
  const hosts = [plan.proxyUrl ? new URL(plan.proxyUrl).host : `clerk.${domain}`, `accounts.${domain}`]
  for (const satellite of plan.satellites) hosts.push(`clerk.${satellite}`)
  return [...new Set(hosts)]
}
