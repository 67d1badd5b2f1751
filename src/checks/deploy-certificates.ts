import type { Plan } from '../settings/plan.js'
import type { TlsResult } from '../web/http-client.js'
import { quote } from '../web/hostname.js'
import { sharedDomainOf } from '../web/public-suffix.js'
import { type Check, type Finding, PRODUCTION_ONLY, unmetNeed } from './check.js'

/** Let's Encrypt and Google Trust Services renew well before this; a certificate this close to expiry is stuck. */
export const EXPIRY_WARNING_DAYS = 14

const DEPLOY_FIX =
  'Open the Clerk dashboard on the production instance and press "Deploy certificates" on its home page once the DNS records are in place (Clerk then issues the certificates itself). If dns.caa, dns.proxy or dns.cname fail too, fix those first: Clerk cannot issue while they do.'

export const deployCertificatesCheck: Check<'deploy.certificates'> = {
  id: 'deploy.certificates',
  title: "Clerk's hosts answer TLS with a trusted certificate for their name",
  doc: {
    subject: "`clerk.<domain>` (or the proxy's host), `accounts.<domain>`, each satellite's `clerk.` host",
    verifies:
      'production: a TLS handshake (SNI) gets a certificate trusted by Node\'s store (plus `NODE_EXTRA_CA_CERTS`) and valid for the name; `pass` with issuer and expiry, `warn` under 14 days to expiry, `fail` for an expired, untrusted or misnamed certificate and for a refused or unanswered connection (the fix: "Deploy certificates" on the Clerk dashboard\'s home page, after `dns.caa`/`dns.proxy`/`dns.cname`); `skip` on a shared domain such as `vercel.app`, where Clerk has no hosts of its own',
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'domain'],
  side: 'clerk',
  network: { webExchanges: plan => productionHosts(plan).length },
  async run(plan, { http }) {
    const domain = plan.domain?.value
    if (!domain) throw unmetNeed('domain')
    const shared = await sharedDomainOf(domain)
    if (shared) {
      return [
        {
          subject: domain,
          status: 'skip',
          message: `${domain} is on ${shared}: Clerk's hosts cannot be named under it, and its certificate is ${shared}'s own (see keys.frontend-api)`,
        },
      ]
    }
    const hosts = productionHosts(plan)
    return Promise.all(
      hosts.map(async host => {
        const { hostname, port } = new URL(`https://${host}`)
        const on = Number(port || 443)
        return judge(host, on, await http.handshake(hostname, on))
      }),
    )
  },
}

/**
 * The hosts the instance serves from (Frontend API, Account Portal, satellites), for certificates: `host`, or
 * `host:port` for a proxy on a port of its own, where its TLS is.
 */
export function productionHosts(plan: Plan): string[] {
  const domain = plan.domain?.value
  if (!domain) return []
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

function judge(host: string, port: number, result: TlsResult): Finding {
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
  if (certificate.daysLeft < EXPIRY_WARNING_DAYS) {
    return {
      subject: host,
      status: 'warn',
      message: `the certificate of ${host} expires in ${certificate.daysLeft} day${certificate.daysLeft === 1 ? '' : 's'} (${certificate.validTo.slice(0, 10)}), and should have been renewed by now`,
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
