import { describeReason } from '../clerk/auth-reasons.js'
import { defineCheck, type Finding, PRODUCTION_ONLY } from './shared/check.js'
import { displayUrl, isSameOrSubdomain } from '../web/hostname.js'
import type { SignedOutProbe } from '../web/signed-out-probe.js'
import {
  type Answered,
  type AppContext,
  chainEvidence,
  lastHop,
  probeApp,
  settledByProbe,
} from './shared/app-probes.js'

/** Satellites asked per run: two requests each; Clerk's own domain list is cut at 25 too. */
export const MAX_SATELLITES_PROBED = 25

export interface SatelliteProbes {
  satellite: string
  /** `https://<satellite>/` as a document: with satelliteAutoSync, Clerk's handshake (`satellite-needs-syncing`). */
  page: SignedOutProbe
  /** The first `protected-paths` path on the satellite: its sign-in, which must lead to the primary. */
  signIn?: SignedOutProbe
}

export const deploySatellitesCheck = defineCheck({
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
  async run({ plan, domain, satellites }, { http }) {
    // No bypass: it goes to the deployed app's own origin only, never to a satellite.
    const app: SatelliteContext = { environment: plan.environment, primary: domain.value }
    const path = plan.protectedPaths[0]
    const probed = satellites.slice(0, MAX_SATELLITES_PROBED)
    const findings = await Promise.all(
      probed.map(async satellite => {
        const origin = `https://${satellite}`
        const [page, signIn] = await Promise.all([
          probeApp(http, app, `${origin}/`, { as: 'document' }),
          path ? probeApp(http, app, new URL(path, origin).toString(), { as: 'document' }) : undefined,
        ])
        return judgeSatellite(app, { satellite, page, ...(signIn ? { signIn } : {}) })
      }),
    )
    const left = satellites.length - probed.length
    if (left <= 0) return findings
    return [
      ...findings,
      {
        subject: `${left} more satellite${left === 1 ? '' : 's'}`,
        status: 'skip',
        message: `only the first ${MAX_SATELLITES_PROBED} satellites are asked in one run`,
      },
    ]
  },
})

/** The instance type the run needs, and the primary domain a satellite's sign-in must lead to. */
export type SatelliteContext = AppContext & { primary: string }

const RANK: Record<Finding['status'], number> = { fail: 5, error: 4, pass: 3, warn: 2, skip: 1 }

export function judgeSatellite(plan: SatelliteContext, probes: SatelliteProbes): Finding {
  const subject = `https://${probes.satellite}`
  const findings = [
    judgeAutoSync(plan, subject, probes),
    ...(probes.signIn ? [judgeSignIn(plan, subject, probes)] : []),
  ]
  const best = findings.reduce((a, b) => (RANK[b.status] > RANK[a.status] ? b : a))
  if (best.status !== 'skip') return best
  const page = probes.page.ok ? "its page load is served as any app's (no `satelliteAutoSync` handshake)" : best.message
  return {
    subject,
    status: 'skip',
    message: `nothing a signed-out request shows tells a wired satellite from an unwired one here: ${page}${probes.signIn ? '' : ', and no `protected-paths` path was given to follow to its sign-in'}`,
    fix: probes.signIn
      ? undefined
      : 'Set `protected-paths` to a path that needs a signed-in user: its redirect on the satellite shows where sign-in happens.',
    evidence: best.evidence,
  }
}

function judgeAutoSync(plan: SatelliteContext, subject: string, probes: SatelliteProbes): Finding {
  const probe = probes.page
  // Without a protected path there is nothing else to judge: an app that cannot be asked here is not a wiring finding.
  if (!probe.ok) {
    return probes.signIn
      ? { subject, status: 'error', message: `could not evaluate: ${probe.detail}` }
      : { subject, status: 'skip', message: `${subject}/ could not be asked (${probe.detail})` }
  }
  const settled = settledByProbe(plan, subject, probe, 'whether it is wired as a satellite')
  if (settled) return settled
  const evidence = { page: chainEvidence(probe) }
  const handshake = lastHop(probe).handshake
  if (!handshake || handshake.reason !== 'satellite-needs-syncing')
    return { subject, status: 'skip', message: '', evidence }
  const own = handshake.host === `clerk.${probes.satellite}` || isSameOrSubdomain(handshake.host, probes.satellite)
  return own
    ? {
        subject,
        status: 'pass',
        message: `a page load syncs the session from the primary: Clerk's handshake on ${handshake.base} with ${describeReason('satellite-needs-syncing')}`,
        evidence,
      }
    : {
        subject,
        status: 'warn',
        message: `a page load goes to Clerk's handshake on ${handshake.host}, not on the satellite's own Frontend API (clerk.${probes.satellite} or its proxy)`,
        fix: `Pass the satellite's own domain to Clerk there: \`domain: '${probes.satellite}'\` (or its \`proxyUrl\`), with \`isSatellite: true\`.`,
        evidence,
      }
}

function judgeSignIn(plan: SatelliteContext, subject: string, probes: SatelliteProbes): Finding {
  const probe = probes.signIn as SignedOutProbe
  if (!probe.ok) return { subject, status: 'error', message: `could not evaluate: ${probe.detail}` }
  const settled = settledByProbe(plan, subject, probe, 'whether it is wired as a satellite')
  if (settled) return settled
  const evidence = { signIn: chainEvidence(probe) }
  const primary = plan.primary
  const offSatellite = probe.hops.find(
    hop => hop.location && !isSameOrSubdomain(new URL(hop.location).hostname, probes.satellite),
  )
  const asked = displayUrl((probe as Answered).requested)
  if (offSatellite?.location && isSameOrSubdomain(new URL(offSatellite.location).hostname, primary)) {
    return {
      subject,
      status: 'pass',
      message: `its sign-in leads to the primary domain: ${asked} redirects a signed-out browser to ${displayUrl(offSatellite.location)}`,
      evidence,
    }
  }
  const last = lastHop(probe)
  if (probe.hops.length > 1 || last.location) {
    const landed = displayUrl(last.location ?? last.url)
    return {
      subject,
      status: 'fail',
      message: `${asked} sends a signed-out browser to ${landed}, ${offSatellite ? 'another domain than' : 'a sign-in page of its own, not'} the primary's (${primary}): the app there is not wired as a satellite, so a session made there is not the primary's`,
      fix: `Configure the app on ${probes.satellite} as a satellite: \`isSatellite: true\`, \`domain: '${probes.satellite}'\` and \`signInUrl: 'https://${primary}/sign-in'\` (the primary's) in \`clerkMiddleware()\` and \`<ClerkProvider>\` (NEXT_PUBLIC_CLERK_IS_SATELLITE, NEXT_PUBLIC_CLERK_DOMAIN, NEXT_PUBLIC_CLERK_SIGN_IN_URL), and add the satellite in the Clerk dashboard (Domains → Satellites).`,
      evidence,
    }
  }
  return {
    subject,
    status: 'warn',
    message: `${asked} answered a signed-out browser ${last.status} without sending it to sign in: where the satellite signs in could not be seen`,
    fix: 'Use a `protected-paths` path that the satellite protects too (it redirects a signed-out browser to sign in).',
    evidence,
  }
}
