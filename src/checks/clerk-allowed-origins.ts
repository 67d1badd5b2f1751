import type { ApiAnswer, ClerkInstance } from '../clerk/api.js'
import { listedAs } from '../clerk/allowed-origins.js'
import { quote } from '../web/hostname.js'
import { defineCheck, ATTEMPTS, EVERY_INSTANCE, type Finding } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'

/** How many of the instance's entries are read and repeated: Clerk's lists are a handful; past this it is not Clerk's. */
const MAX_LISTED = 500

const LIST_NAME = 'allowed_origins'

export const clerkAllowedOriginsCheck = defineCheck({
  id: 'clerk.allowed-origins',
  title: "The instance's allowed origins include the app's extension and native origins",
  doc: {
    subject: 'origin',
    verifies:
      "with the secret key, the instance's `allowed_origins` (Backend API `GET /v1/instance`, clerk/openapi-specs `bapi`: `Instance.allowed_origins`, an array or null) holds every origin in `allowed-origins`, as a browser sends it in `Origin`: browser-like stacks outside the instance's domains need theirs there (clerk/openapi-specs `bapi` `UpdateInstance`: `chrome-extension://<id>` for an extension's pages, `http://localhost:3000` for Electron, `capacitor://localhost` for Capacitor), on development and production instances alike (clerk/javascript `packages/chrome-extension/README.md`), and a list does not carry over from one instance to the other. A missing origin is `fail`; one the list holds only written otherwise (case, a trailing slash) is a `warn`, since a browser's `Origin` is lower case with nothing after the host; the fix is the whole list corrected, to send as `allowed_origins` in Backend API `PATCH /v1/instance`, which replaces the list",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['allowed-origins', 'secret-key', 'clerk-api'],
  side: 'clerk',
  // The instance, which clerk.api asks too: one question per run.
  network: { webExchanges: () => ATTEMPTS },
  async run({ plan, allowedOrigins }, { clerk }) {
    return judgeAllowedOrigins(
      allowedOrigins.value,
      await clerk.instance(),
      plan.environment.instanceType,
      clerk.backendUrl,
    )
  },
})

/** One finding per origin the app needs, against the instance's list. */
export function judgeAllowedOrigins(
  wanted: readonly string[],
  answer: ApiAnswer<ClerkInstance>,
  instanceType: string,
  backendUrl: string,
): Finding[] {
  if (!answer.ok && answer.runner) {
    const runner = answer.runner
    return wanted.map(origin => runnerSideError(origin, runner))
  }
  if (!answer.ok) {
    return wanted.map(origin => ({
      subject: origin,
      status: answer.kind === 'disabled' ? 'skip' : 'error',
      message:
        answer.kind === 'unauthorized'
          ? `could not read the instance's allowed origins: Clerk refused the secret key (${answer.detail}; see keys.secret)`
          : `could not read the instance's allowed origins (${answer.detail})`,
    }))
  }
  const listed = listedOrigins(answer.data.allowed_origins)
  if (listed === undefined) {
    return wanted.map(origin => ({
      subject: origin,
      status: 'error',
      message: `Clerk answered GET /v1/instance with an allowed_origins that is neither a list nor null (${quote(JSON.stringify(answer.data.allowed_origins) ?? String(answer.data.allowed_origins), 80)}), a shape its API does not document`,
    }))
  }
  const evidence = { allowedOrigins: listed }
  const findings = wanted.map((origin): Finding => {
    const found = listedAs(origin, listed)
    if (found && 'exact' in found) {
      return {
        subject: origin,
        status: 'pass',
        message: `the ${instanceType} instance allows ${origin}`,
        evidence,
      }
    }
    if (found) {
      return {
        subject: origin,
        status: 'warn',
        message: `the ${instanceType} instance lists ${quote(found.written)}, not ${origin} as a browser sends it in Origin (lower case, nothing after the host): Clerk's docs do not say it compares them loosely`,
        fix: `Write it as ${origin} in the instance's allowed_origins.`,
        fixParts: { list: { name: LIST_NAME, remove: [found.written], add: [origin] } },
        evidence,
      }
    }
    return {
      subject: origin,
      status: 'fail',
      message: `the ${instanceType} instance's allowed_origins ${listed.length === 0 ? 'is empty' : `(${listed.length}) do not include ${origin}`}: Clerk's Frontend API refuses requests from it, so the extension or app cannot sign anyone in (each instance has its own list)`,
      fix: `Add ${origin} to the ${instanceType} instance's allowed_origins.`,
      fixParts: { list: { name: LIST_NAME, add: [origin] } },
      evidence,
    }
  })
  return withCorrectedList(findings, listed, instanceType, backendUrl)
}

/** The instance's entries that are strings, at most MAX_LISTED; undefined for a shape Clerk does not document. */
function listedOrigins(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return []
  if (!Array.isArray(value)) return undefined
  return value.slice(0, MAX_LISTED).filter((entry): entry is string => typeof entry === 'string')
}

/**
 * The whole list, corrected, given once (in the first finding that changes it): `PATCH /v1/instance` replaces the
 * list, so the instance's other entries must go with what is added.
 */
function withCorrectedList(
  findings: Finding[],
  listed: readonly string[],
  instanceType: string,
  backendUrl: string,
): Finding[] {
  const changing = findings.filter(f => f.fixParts?.list)
  const first = changing[0]
  if (!first) return findings
  const removed = new Set(changing.flatMap(f => f.fixParts?.list?.remove ?? []))
  const added = changing.flatMap(f => f.fixParts?.list?.add ?? [])
  const corrected = [...new Set([...listed.filter(entry => !removed.has(entry)), ...added])]
  const endpoint = `${backendUrl.replace(/\/+$/, '')}/v1/instance`
  first.fixParts = {
    list: {
      ...first.fixParts?.list,
      name: LIST_NAME,
      corrected,
      apply: `Send the ${instanceType} instance's whole list, corrected, as \`allowed_origins\` in \`PATCH ${endpoint}\` with its secret key (the list you send replaces the instance's; clerk/openapi-specs, bapi: UpdateInstance):`,
    },
  }
  first.fix =
    `${first.fix ?? ''} The whole list, corrected (PATCH ${endpoint} replaces it): \`${JSON.stringify({ allowed_origins: corrected })}\``.trim()
  return findings
}
