import type { ApiAnswer } from '../clerk/api.js'
import type { CheckTools, Finding, InputsOf } from './shared/check.js'
import type { declaration } from './clerk-api.js'

/** The judgment of clerk.api (./clerk-api.ts declares it). */
export async function run({ plan }: InputsOf<typeof declaration>, { clerk }: CheckTools): Promise<Finding[]> {
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
}
