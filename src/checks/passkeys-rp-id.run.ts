import { isLocalHost, isSameOrSubdomain } from '../web/hostname.js'
import { domainFacts } from '../web/public-suffix.js'
import type { CheckTools, Finding, InputsOf } from './shared/check.js'
import type { declaration } from './passkeys-rp-id.js'

/** The judgment of passkeys.rp-id (./passkeys-rp-id.ts declares it). */
export async function run(
  { plan, domain, appOrigins }: InputsOf<typeof declaration>,
  { clerk }: CheckTools,
): Promise<Finding[]> {
  const rpId = domain.value
  // Passkeys offered by the app make a mismatch a broken sign-in; otherwise it is a trap for later. Without the
  // input, Clerk's own setting says whether they are offered.
  const environment = plan.passkeys === undefined ? await clerk.environment() : undefined
  const passkeysOn =
    plan.passkeys ?? (environment?.ok ? environment.data.user_settings?.attributes?.passkey?.enabled === true : false)
  const severity = passkeysOn ? 'fail' : 'warn'
  const facts = await domainFacts(rpId)
  if (facts.isPublicSuffix) {
    return [
      {
        subject: rpId,
        status: severity,
        message: `${rpId} is a public suffix (Public Suffix List): browsers refuse it as a WebAuthn RP ID, so passkeys cannot work on this instance`,
        fix: 'Use a domain you own as the production domain.',
      },
    ]
  }
  // A developer's own machine never runs against the production instance.
  const origins = (appOrigins?.value ?? []).filter(o => !isLocalHost(new URL(o).hostname))
  return origins.map((origin): Finding => {
    const url = new URL(origin)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const evidence = { rpId, origin }
    const satellite = plan.satellites.find(s => isSameOrSubdomain(host, s))
    if (satellite) {
      return {
        subject: origin,
        status: 'warn',
        message: `${origin} is on the satellite domain ${satellite}: passkeys registered for ${rpId} do not work there (WebAuthn binds them to one domain)`,
        fix: `Offer passkeys only on ${rpId} and its subdomains; sign in on the primary domain from satellites.`,
        evidence,
      }
    }
    if (!isSameOrSubdomain(host, rpId)) {
      return {
        subject: origin,
        status: severity,
        message: `passkeys would not work here: ${host} is not ${rpId} or a subdomain of it, and a WebAuthn RP ID must be the origin's host or one of its parents`,
        fix: `Serve the app from ${rpId} or a subdomain of it${passkeysOn ? ', or turn passkeys off for this origin' : ''}.`,
        evidence,
      }
    }
    if (url.protocol !== 'https:') {
      return {
        subject: origin,
        status: severity,
        message: `${origin} is not https: WebAuthn needs a secure context`,
        fix: `Serve it over https.`,
        evidence,
      }
    }
    return { subject: origin, status: 'pass', message: `${origin} can use ${rpId} as its RP ID`, evidence }
  })
}
