import { quote } from '../web/hostname.js'

/**
 * The origins a Clerk instance's `allowed_origins` holds: those of browser-like stacks that are not the instance's
 * domains (clerk/openapi-specs, bapi `UpdateInstance`: a Chrome extension's pages are `chrome-extension://<id>`,
 * Electron's default `http://localhost:3000`, Capacitor's `capacitor://localhost`). What a browser sends as `Origin`:
 * a scheme and a host (with a port), lower case, nothing after.
 */

/** Past this an entry is no origin; it bounds what the parser and the comparison read. */
const MAX_ORIGIN_CHARS = 2048
/** `scheme://host[:port]`, with at most a trailing slash: the one shape an origin is written in. */
const ORIGIN_SHAPE = /^([A-Za-z][A-Za-z0-9+.-]{0,31}):\/\/([^/?#\s@\\]{1,1000})\/?$/
const HOST_SHAPE = /^[a-z0-9](?:[a-z0-9.-]{0,252})(?::\d{1,5})?$/
/**
 * A Chrome extension's id: the first 128 bits of the SHA-256 of its public key in base 16 written with the letters
 * a–p (Chromium, components/crx_file/id_util.cc: GenerateId); chrome://extensions shows it.
 */
const CHROME_EXTENSION_ID = /^[a-p]{32}$/

/** The origin as a browser sends it (`Origin`), or why `value` is not one. */
export function allowedOriginOf(value: string): string | { problem: string } {
  const text = value.trim()
  const shape = text.length <= MAX_ORIGIN_CHARS ? ORIGIN_SHAPE.exec(text) : null
  if (!shape) {
    return {
      problem: `${quote(value)} is not an origin like chrome-extension://<extension id> or capacitor://localhost (scheme://host[:port], nothing after)`,
    }
  }
  const scheme = (shape[1] as string).toLowerCase()
  const host = (shape[2] as string).toLowerCase()
  if (scheme === 'http' || scheme === 'https') {
    if (!URL.canParse(`${scheme}://${host}`)) return { problem: `${quote(value)} is not an http(s) origin` }
    return new URL(`${scheme}://${host}`).origin
  }
  if (scheme === 'chrome-extension' && !CHROME_EXTENSION_ID.test(host)) {
    return {
      problem: `${quote(value)} does not name a Chrome extension: its id is 32 letters a–p (chrome://extensions shows it once the manifest has a fixed key)`,
    }
  }
  if (!HOST_SHAPE.test(host)) return { problem: `${quote(value)} has no host a browser would send in its Origin` }
  return `${scheme}://${host}`
}

/**
 * How an entry of the instance's list stands to an origin the app needs: the same text; the same origin written
 * otherwise (case, a trailing slash), which a comparison of exact strings would not match; or none.
 */
export function listedAs(wanted: string, listed: readonly string[]): { exact: true } | { written: string } | undefined {
  if (listed.includes(wanted)) return { exact: true }
  const loose = listed.find(entry => {
    const origin = allowedOriginOf(entry)
    return typeof origin === 'string' && origin === wanted
  })
  return loose === undefined ? undefined : { written: loose }
}
