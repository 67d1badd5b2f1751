import type { ApiAnswer } from '../clerk/api.js'
import { defineCheck, ATTEMPTS, EVERY_INSTANCE } from './shared/check.js'

export const clerkApiCheck = defineCheck({
  id: 'clerk.api',
  title: "Clerk's APIs could be asked",
  doc: {
    subject: 'the API base URL',
    verifies:
      "Clerk's APIs could be asked (a `warn` when not, and the checks fall back to local evidence; an `error` with `clerk-api: true`; `skip` when not asked)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['clerk-api'],
  side: 'clerk',
  network: {
    // The instance, its domains and the Frontend API's environment, which every other check shares.
    webExchanges: () => ATTEMPTS * 3,
  },
  async run({ plan }, { clerk }) {
    const subject = clerk.backendUrl
    const answers: Array<[string, ApiAnswer<unknown>]> = [
      ['Backend API (instance)', await clerk.instance()],
      ['Backend API (domains)', await clerk.domains()],
      ['Frontend API (environment)', await clerk.environment()],
    ]
    const unavailable = answers.flatMap(([, a]) =>
      !a.ok && (a.kind === 'unavailable' || a.kind === 'unexpected') ? [a.detail] : [],
    )
    const evidence = Object.fromEntries(answers.map(([name, a]) => [name, a.ok ? 'answered' : a.detail]))
    if (unavailable.length > 0) {
      // Clerk having a bad minute must not fail a deploy, unless the workflow asked for the APIs explicitly.
      return [
        {
          subject,
          status: plan.clerkApi === 'true' ? 'error' : 'warn',
          message: `could not ask Clerk (${unavailable.join('; ')}): the checks fall back to what they can tell locally`,
          fix: 'Run again later; if it persists, check that CLERK_API_URL (when set) is right and that the runner can reach Clerk.',
          evidence,
        },
      ]
    }
    const refused = answers.filter(([, a]) => !a.ok && a.kind === 'unauthorized')
    const notes = answers.flatMap(([, a]) => (a.ok && a.note ? [a.note] : []))
    const backendAnswered = answers.some(([name, a]) => a.ok && name.startsWith('Backend'))
    if (refused.length > 0 && backendAnswered) {
      // The same key accepted for one endpoint and refused for another is not a revoked key: say what happened.
      return [
        {
          subject,
          status: 'warn',
          message: `Clerk accepted the secret key for some requests and refused it for ${refused.map(([name, a]) => `${name}${a.ok ? '' : ` (${a.detail})`}`).join(', ')}: the checks that need those answers fall back to local evidence`,
          fix: 'Check that the secret key is the instance’s current one, with access to the Backend API endpoints named.',
          evidence,
        },
      ]
    }
    if (notes.length > 0) {
      return [{ subject, status: 'warn', message: `Clerk answered; ${notes.join('; ')}`, evidence }]
    }
    return [
      {
        subject,
        status: 'pass',
        message:
          refused.length > 0
            ? 'Clerk answered, and refused the secret key (see keys.secret)'
            : "Clerk's Backend API (instance, domains) and Frontend API (environment) answered",
        evidence,
      },
    ]
  },
})
