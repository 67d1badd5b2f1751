import { declareCheck, judged, PRODUCTION_ONLY } from './shared/check.js'

/** Satellites asked per run: two requests each; Clerk's own domain list is cut at 25 too. */
export const MAX_SATELLITES_PROBED = 25

export const declaration = declareCheck({
  id: 'deploy.satellites',
  title: 'Each satellite is wired as a satellite of the primary domain',
  doc: {
    subject: 'satellite origin',
    verifies: `each satellite (the first ${MAX_SATELLITES_PROBED}), as far as signed-out document requests show it: its sign-in (the first \`protected-paths\` path, asked on the satellite) leads to the primary's domain (a satellite's \`signInUrl\` is the primary's, clerk.com/docs/guides/dashboard/dns-domains/satellite-domains), never to a sign-in page of its own (\`fail\`: the app there is not configured as a satellite, \`isSatellite\` and \`domain\`); with \`satelliteAutoSync\` a page load goes to Clerk's handshake on the satellite's own Frontend API with \`__clerk_hs_reason=satellite-needs-syncing\` (@clerk/backend's authenticateRequest; Clerk's tests "signed out satellite", clerk/javascript integration/tests/handshake.test.ts), a \`pass\` too. Since Core 3 a satellite syncs on first load only with \`satelliteAutoSync\`, so a signed-out page load of a wired satellite looks like any app's: without \`protected-paths\` and without that handshake the check is a \`skip\` saying what would let it run, never a \`pass\`. A loop, a crashed middleware or a development key fail as in deploy.middleware`,
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'domain', 'satellites'],
  side: 'app',
  network: { webExchanges: plan => Math.min(plan.satellites.length, MAX_SATELLITES_PROBED) * 2 },
})

export const deploySatellitesCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "deploy" */ './deploy-satellites.run.js'),
)
