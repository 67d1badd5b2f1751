import type { JsonWebKey } from './api.js'

/**
 * CLERK_JWT_KEY holds the instance's PEM public key, for networkless verification of its session tokens (clerk-docs,
 * guides/sessions/manual-jwt-verification.mdx; @clerk/backend's `jwtKey`, which reads it as the RSA key of
 * `-----BEGIN PUBLIC KEY-----`). Variables often carry it on one line with `\n` written out, or without its armour.
 */
const PEM_HEADER = '-----BEGIN PUBLIC KEY-----'
const PEM_FOOTER = '-----END PUBLIC KEY-----'
/** A PEM public key of any size Clerk signs with is a few hundred characters; past this a value is not one. */
const MAX_PEM_CHARS = 16 * 1024

export type ParsedJwtKey = { ok: true; key: JsonWebKey } | { ok: false; problem: string }

/** The public key a CLERK_JWT_KEY value holds, as a JSON Web Key, read with node:crypto. */
export async function parseJwtKey(value: string): Promise<ParsedJwtKey> {
  if (value.length > MAX_PEM_CHARS) return { ok: false, problem: `is ${value.length} characters, not a PEM public key` }
  const unescaped = value.replace(/\\n/g, '\n').replace(/\r/g, '').trim()
  const body = unescaped.replace(PEM_HEADER, '').replace(PEM_FOOTER, '').replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    return { ok: false, problem: 'is not a PEM public key (-----BEGIN PUBLIC KEY----- and base64)' }
  }
  const pem = `${PEM_HEADER}\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n${PEM_FOOTER}\n`
  const { createPublicKey } = await import('node:crypto')
  try {
    const jwk = createPublicKey({ key: pem, format: 'pem' }).export({ format: 'jwk' }) as JsonWebKey
    return { ok: true, key: jwk }
  } catch {
    return { ok: false, problem: 'is not a PEM public key that can be read (-----BEGIN PUBLIC KEY----- and base64)' }
  }
}

/** The key of the set that is the same public key (RSA: modulus and exponent; EC and OKP: curve and point). */
export function sameKeyIn(key: JsonWebKey, set: readonly JsonWebKey[]): JsonWebKey | undefined {
  return set.find(candidate => {
    if (candidate.kty !== key.kty) return false
    if (key.kty === 'RSA') return sameBase64url(candidate.n, key.n) && sameBase64url(candidate.e, key.e)
    return candidate.crv === key.crv && sameBase64url(candidate.x, key.x) && sameBase64url(candidate.y, key.y)
  })
}

/** base64url values compared as the bytes they stand for (padding and a leading zero byte aside). */
function sameBase64url(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  const bytes = (text: string) => {
    const decoded = Buffer.from(text.replace(/=+$/, ''), 'base64url')
    let start = 0
    while (start < decoded.length - 1 && decoded[start] === 0) start++
    return decoded.subarray(start)
  }
  return bytes(a).equals(bytes(b))
}
