import { reasonsIn } from '../src/clerk/auth-reasons.js'
import { handshakeOf, type Hop, type SignedOutProbe } from '../src/web/signed-out-probe.js'

/**
 * Answers of a signed-out probe written by hand, for the judging functions' odd inputs (what no stand-in app sends):
 * each as the probe reads it (src/web/signed-out-probe.ts), from a status and headers.
 */
export function hop(url: string, status: number, headers: Record<string, string> = {}): Hop {
  const location = headers.location ? new URL(headers.location, url) : undefined
  const handshake = location && handshakeOf(location)
  return {
    url,
    status,
    ...(location ? { location: location.toString() } : {}),
    ...(headers['x-clerk-auth-status'] ? { authStatus: headers['x-clerk-auth-status'] } : {}),
    authReasons: reasonsIn(headers['x-clerk-auth-reason']),
    ...(handshake ? { handshake } : {}),
    headers,
  }
}

/** A probe of `url` that got these answers, in order. */
export function answered(url: string, ...hops: Hop[]): SignedOutProbe {
  return { ok: true, requested: url, hops }
}
