import { quote } from '../web/hostname.js'

/**
 * What Clerk's middleware says in every answer it gives: `x-clerk-auth-status` (`signed-in`, `signed-out`,
 * `handshake`) and `x-clerk-auth-reason`, one of `AuthErrorReason` in @clerk/backend
 * (clerk/javascript, packages/backend/src/tokens/authStatus.ts; the header names in packages/backend/src/constants.ts),
 * or `protect-rewrite`, which @clerk/nextjs adds when `auth.protect()` turns a signed-out request that is not a page
 * into a 404 (packages/nextjs/src/server/clerkMiddleware.ts, handleControlFlowErrors). A handshake redirect carries the
 * same reason as `__clerk_hs_reason` in its query.
 */

export const AUTH_STATUS_HEADER = 'x-clerk-auth-status'
export const AUTH_REASON_HEADER = 'x-clerk-auth-reason'
/** The query parameter of a handshake redirect that says why (packages/backend/src/constants.ts, QueryParameters). */
export const HANDSHAKE_REASON_PARAM = '__clerk_hs_reason'
/** The Frontend API's path a handshake redirect goes to (packages/backend/src/tokens/handshake.ts). */
export const HANDSHAKE_PATH = '/v1/client/handshake'

export interface AuthReason {
  /** What the middleware saw, in one line. */
  meaning: string
  /** What to do when it is met where it should not be; undefined when it is what a signed-out visitor meets. */
  fix?: string
}

/** Every reason @clerk/backend 3.x gives, and @clerk/nextjs's protect-rewrite: the docs' table is made from this. */
export const AUTH_REASONS: Record<string, AuthReason> = {
  'session-token-and-uat-missing': {
    meaning: 'no session cookie and no `__client_uat`: a signed-out visitor, served without a handshake',
  },
  'session-token-missing': {
    meaning: 'no session token came with the request: signed out',
  },
  'client-uat-but-no-session-token': {
    meaning:
      '`__client_uat` says the browser has a session but no session cookie came: the server sends it to the Frontend API of its own key to refresh it (the handshake)',
    fix: 'A loop here means the server and the browser use different instances: give the server the secret key of the instance whose publishable key the build ships.',
  },
  'dev-browser-missing': {
    meaning:
      "the server holds a development instance's key and the request has no dev-browser token: it sends the browser to the development Frontend API",
    fix: "In production this is a development key on the server: set CLERK_SECRET_KEY and the publishable key to the production instance's (sk_live_/pk_live_) in this deployment's environment, and redeploy.",
  },
  'dev-browser-sync': {
    meaning: "the development instance's dev-browser token is being synced after a redirect from Clerk",
  },
  'primary-responds-to-syncing': {
    meaning: "the primary domain answers a satellite's sync request with its session",
  },
  'primary-domain-cross-origin-sync': {
    meaning: 'the primary domain syncs its session to a satellite (cross-origin)',
  },
  'satellite-needs-syncing': {
    meaning:
      "a satellite's first load (with `satelliteAutoSync`): it asks the primary for the session through the handshake on the satellite's Frontend API",
    fix: 'On a domain that is not a satellite, remove `isSatellite`; on a satellite, `domain` (or `proxyUrl`) must be its own.',
  },
  'session-token-expired': {
    meaning: 'the session token expired: the server refreshes it through the handshake',
    fix: "A loop here means the server's clock is off or it verifies with another instance's keys.",
  },
  'session-token-iat-before-client-uat': {
    meaning: 'the session token predates the latest sign-in (`__client_uat`): the server refreshes it',
  },
  'session-token-nbf': {
    meaning: "the session token is not valid yet: the server's clock is behind Clerk's",
    fix: "Sync the server's clock (NTP), or allow for it with `clockSkewInMs`.",
  },
  'session-token-iat-in-the-future': {
    meaning: "the session token was issued in the future: the server's clock is behind Clerk's",
    fix: "Sync the server's clock (NTP), or allow for it with `clockSkewInMs`.",
  },
  'session-token-but-no-client-uat': {
    meaning: 'a session cookie came without `__client_uat`: the two cookies are out of step',
    fix: "Met on every request, the app's cookies do not reach it alike: serve the app and Clerk's Frontend API under one domain (the `clerk.` subdomain, or a proxy).",
  },
  'active-organization-mismatch': {
    meaning:
      'the active organization is not the one the URL names (`organizationSyncOptions`): the handshake switches it',
  },
  'token-type-mismatch': {
    meaning: 'the request carries a token of a type the route does not accept (`acceptsToken`)',
    fix: 'Accept the token type the route is called with (`acceptsToken`), or call it with a session token.',
  },
  'unexpected-error': {
    meaning: 'authenticateRequest failed in a way it has no reason for',
    fix: "Read the server's logs; check that CLERK_SECRET_KEY in this deployment is this instance's.",
  },
  'protect-rewrite': {
    meaning:
      '`auth.protect()` refused a signed-out request that is not a page and rewrote it to a 404 (@clerk/nextjs): the route is protected',
  },
}

/** The reasons in a header's value (repeated headers are joined with ", "). */
export function reasonsIn(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(part => part.trim())
    .filter(Boolean)
}

/** One reason as a finding says it: its name and meaning, or only the name for one @clerk/backend does not give. */
export function describeReason(reason: string): string {
  const known = AUTH_REASONS[reason]
  return known ? `\`${reason}\` (${known.meaning})` : quote(reason)
}
