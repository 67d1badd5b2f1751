import { RECHECK_DELAYS_MS } from '../clerk/platform-api.js'
import { declareCheck, PRODUCTION_ONLY, judged } from './shared/check.js'

/**
 * Clerk's own status of the production domain, as `clerk deploy status` reads it from the Platform API (clerk/cli,
 * packages/cli-core/src/lib/plapi.ts: getApplicationDomainStatus): DNS verified, SSL issued, mail set up.
 */
export const declaration = declareCheck({
  id: 'clerk.domain-status',
  title: "Clerk's own status of the production domain is complete",
  doc: {
    subject: 'the domain',
    verifies:
      "with `platform-api-key`: Clerk's own status of the domain (DNS, SSL, mail) is `complete`, asked as `clerk deploy status` asks it (clerk/cli `commands/deploy/status.ts`): first `POST …/domains/<domain>/dns_check` (Clerk re-checks the DNS; a 409 means a check is already running), then `GET …/domains/<domain>/status`, read again after 2 s and 4 s while not complete. A `fail` quotes Clerk's `failure_hints` (`code`, `message`: clerk/openapi-specs `platform/beta.yml`, `FailureHint`)",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'platform-api-key', 'domain', 'publishable-key'],
  side: 'clerk',
  network: {
    // After the applications oauth.providers asks for too: the re-check, then the status, read again after each wait.
    webExchanges: () => 2 + RECHECK_DELAYS_MS.length,
    dependentWebSteps: 1 + RECHECK_DELAYS_MS.length,
    waitsMs: () => RECHECK_DELAYS_MS.reduce((sum, ms) => sum + ms, 0),
  },
})

export const clerkDomainStatusCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "clerk" */ './clerk-domain-status.run.js'),
)
