import { isLocalHost, isSameOrSubdomain } from '../web/hostname.js'
import { domainFacts } from '../web/public-suffix.js'
import { defineCheck, type Finding, PRODUCTION_ONLY } from './shared/check.js'

export const passkeysRpIdCheck = defineCheck({
  id: 'passkeys.rp-id',
  title: "Every app origin can use passkeys with the instance's domain (WebAuthn RP ID)",
  doc: {
    subject: 'app origin',
    verifies:
      'the origin can use the instance\'s domain as WebAuthn RP ID: its host is the domain or a subdomain, over https, and the domain is not a public suffix (Public Suffix List with private domains, as browsers use it: `vercel.app`, `github.io`). A mismatch is a `warn` ("passkeys would not work here"), a `fail` with `passkeys: true`; origins on satellites warn, since passkeys do not work across domains',
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain'],
  uses: ['app-origins'],
  side: 'clerk',
  network: {},
  async run({ plan, domain, appOrigins }, { clerk }) {
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
  },
})
