import { frontendEnvironmentUrl } from '../clerk/api.js'
import type { HttpResult } from '../web/http-client.js'
import { defineCheck, type Finding, PRODUCTION_ONLY } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'

/** Clerk's error answer is a few hundred bytes; nothing past this is read. */
const ANSWER_BYTES = 16 * 1024

/**
 * Clerk's answers to a production Frontend API request from an origin it does not serve: `origin_invalid`, which
 * clerk-js turns into "Clerk: Production Keys are only allowed for domain …" (clerk/javascript,
 * packages/clerk-js/src/core/resources/Base.ts: assertProductionKeysOnDev), and `subdomain_not_allowed`.
 */
const REFUSALS = ['origin_invalid', 'subdomain_not_allowed']

export const deployOriginsCheck = defineCheck({
  id: 'deploy.origins',
  title: 'The production Frontend API accepts requests from every app origin',
  doc: {
    subject: 'app origin',
    verifies:
      'production: a request to the Frontend API (`GET /v1/environment`) with `Origin: <origin>` is not refused with Clerk\'s `origin_invalid` (what clerk-js turns into "Production Keys are only allowed for domain …": clerk/javascript `packages/clerk-js/src/core/resources/Base.ts`) or `subdomain_not_allowed`: those `fail`, with the fix (Dashboard → Domains → Allowed subdomains for a subdomain, a satellite for another domain). Any other answer is a `pass` that says what was seen; no answer is `skip` (see `deploy.frontend-api`)',
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'publishable-key', 'frontend-api', 'app-origins'],
  uses: ['domain'],
  side: 'clerk',
  network: { webExchanges: plan => plan.appOrigins.value.length },
  async run({ frontendApi, appOrigins, domain }, { http }) {
    const url = frontendEnvironmentUrl(frontendApi)
    return Promise.all(
      appOrigins.value.map(async origin =>
        judge(
          origin,
          domain?.value,
          await http.request(url, { headers: { accept: 'application/json', origin }, maxBytes: ANSWER_BYTES }),
        ),
      ),
    )
  },
})

interface ClerkError {
  code?: unknown
  message?: unknown
  long_message?: unknown
}

function judge(origin: string, domain: string | undefined, answer: HttpResult): Finding {
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
  if (code && REFUSALS.includes(code)) {
    const said = typeof error?.long_message === 'string' ? error.long_message : String(error?.message ?? code)
    const host = new URL(origin).hostname
    const under = domain && (host === domain || host.endsWith(`.${domain}`))
    return {
      subject: origin,
      status: 'fail',
      message: `Clerk refuses requests from ${origin} (${answer.status} ${code}: "${said.slice(0, 300)}"): in a browser there, clerk-js stops with "Production Keys are only allowed for domain ${domain ?? '…'}"`,
      fix: under
        ? `Allow ${host} in the Clerk dashboard (production instance → Domains → Allowed subdomains), or serve the app from ${domain} itself.`
        : `Serve the app from ${domain ?? 'the instance’s domain'} or a subdomain of it; for another registrable domain, add it as a satellite (Clerk dashboard → Domains → Satellites) and list it under \`satellites\`.`,
      evidence,
    }
  }
  return {
    subject: origin,
    status: 'pass',
    message: `the Frontend API answered ${answer.status}${code ? ` (${code})` : ''} to a request from ${origin}, not origin_invalid or subdomain_not_allowed`,
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
