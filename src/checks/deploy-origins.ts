import { frontendEnvironmentUrl } from '../clerk/api.js'
import type { HttpResult } from '../web/http-client.js'
import { isSameOrSubdomain } from '../web/hostname.js'
import { defineCheck, type Finding, PRODUCTION_ONLY } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'

/** Clerk's error answer is a few hundred bytes; nothing past this is read. */
const ANSWER_BYTES = 16 * 1024

/**
 * Clerk's answer to a production Frontend API request from an origin it does not serve: `origin_invalid` ("The
 * Request HTTP Origin header must be equal to or a subdomain of the requesting URL"), which clerk-js, and only for
 * that code, turns into "Clerk: Production Keys are only allowed for domain …" (clerk/javascript,
 * packages/clerk-js/src/core/resources/Base.ts: assertProductionKeysOnDev). No other refusal code is in Clerk's sources.
 */
const REFUSAL = 'origin_invalid'

export const deployOriginsCheck = defineCheck({
  id: 'deploy.origins',
  title: 'The production Frontend API accepts requests from every app origin',
  doc: {
    subject: 'app origin',
    verifies:
      "production: a request with `Origin: <origin>` to the Frontend API that origin's browser talks to (the primary's; for an origin on a satellite, `clerk.<satellite>` or the satellite's proxy, as clerk-js asks its `domain`'s Frontend API: clerk/javascript `packages/clerk-js/src/core/fapiClient.ts`) is not refused with Clerk's `origin_invalid`, the only refusal code in Clerk's sources (what clerk-js turns into \"Production Keys are only allowed for domain …\": `packages/clerk-js/src/core/resources/Base.ts`, `assertProductionKeysOnDev`): that `fail`s, with the fix (on the domain, the origin's scheme or port is the cause: https on the default port; another domain: a satellite). Any other answer is a `pass` that says what was seen; no answer is `skip` (see `deploy.frontend-api`)",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'publishable-key', 'frontend-api', 'app-origins'],
  uses: ['domain'],
  side: 'clerk',
  network: { webExchanges: plan => plan.appOrigins.value.length },
  async run({ plan, frontendApi, appOrigins, domain }, { http }) {
    return Promise.all(
      appOrigins.value.map(async origin => {
        const asked = frontendApiOf(origin, frontendApi, plan.satellites, plan.proxyUrl)
        const url = frontendEnvironmentUrl(asked.url)
        const answer = await http.request(url, {
          headers: { accept: 'application/json', origin },
          maxBytes: ANSWER_BYTES,
        })
        return judge(origin, domain?.value, asked.satellite, answer)
      }),
    )
  },
})

interface ClerkError {
  code?: unknown
  message?: unknown
  long_message?: unknown
}

/**
 * The Frontend API a browser at `origin` talks to: a satellite's own (`clerk.<satellite>`, or the proxy on the
 * satellite's domain), as clerk-js builds it from the satellite's `domain` (packages/clerk-js/src/core/fapiClient.ts);
 * else the primary's.
 */
function frontendApiOf(
  origin: string,
  primary: string,
  satellites: readonly string[],
  proxyUrl: string | undefined,
): { url: string; satellite?: string } {
  const host = new URL(origin).hostname
  const satellite = satellites.find(s => isSameOrSubdomain(host, s))
  if (!satellite) return { url: primary }
  const proxy = proxyUrl && isSameOrSubdomain(new URL(proxyUrl).hostname, satellite) ? proxyUrl : undefined
  return { url: proxy ?? `https://clerk.${satellite}`, satellite }
}

function judge(origin: string, domain: string | undefined, satellite: string | undefined, answer: HttpResult): Finding {
  if (!answer.ok && answer.kind === 'runner') return runnerSideError(origin, answer.detail)
  if (!answer.ok) {
    return {
      subject: origin,
      status: 'skip',
      message: `not judged: the Frontend API did not answer (${answer.detail}); see deploy.frontend-api`,
    }
  }
  const error = firstError(answer.body)
  const code = typeof error?.code === 'string' ? error.code : undefined
  const evidence = { status: answer.status, ...(code ? { code } : {}) }
  if (code === REFUSAL) {
    const said = typeof error?.long_message === 'string' ? error.long_message : String(error?.message ?? code)
    const host = new URL(origin).hostname
    const home = satellite ?? domain
    const onDomain = home !== undefined && isSameOrSubdomain(host, home)
    return {
      subject: origin,
      status: 'fail',
      message: `Clerk refuses requests from ${origin} (${answer.status} ${code}: "${said.slice(0, 300)}"): in a browser there, clerk-js stops with "Production Keys are only allowed for domain ${home ?? '…'}"`,
      fix: onDomain
        ? `${host} is on ${home}, so the host is not the cause: the Origin must be equal to or a subdomain of the Frontend API's URL, scheme and port included. Serve ${origin} over https on the default port (or check the Origin a proxy or CDN in front of it sends).`
        : `Serve the app from ${domain ?? 'the instance’s domain'} or a subdomain of it; for another registrable domain, add it as a satellite (Clerk dashboard → Domains → Satellites) and list it under \`satellites\`.`,
      evidence: { ...evidence, ...(satellite ? { satellite } : {}) },
    }
  }
  return {
    subject: origin,
    status: 'pass',
    message: `the Frontend API answered ${answer.status}${code ? ` (${code})` : ''} to a request from ${origin}, not origin_invalid`,
    evidence,
  }
}

/** Clerk's error shape: `{"errors":[{"code","message","long_message"}]}` (clerk/openapi-specs, ClerkErrors). */
function firstError(body: string): ClerkError | undefined {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown }
    const first = Array.isArray(parsed?.errors) ? (parsed.errors[0] as unknown) : undefined
    return typeof first === 'object' && first !== null ? (first as ClerkError) : undefined
  } catch {
    return undefined
  }
}
