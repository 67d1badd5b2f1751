import type { Plan, Sourced } from '../settings/plan.js'
import type { SecretDestination } from './http-client.js'

/**
 * Where each of the run's secrets may be sent: the destination the workflow or the event named for it, never one the
 * configuration file or an answer named. The HTTP client refuses every other (src/web/http-client.ts,
 * misdirectedSecret).
 * - the secret key: Clerk's Backend API (CLERK_API_URL, the job's environment, or Clerk's own);
 * - the Platform API key: Clerk's Platform API (CLERK_PLATFORM_API_URL, or Clerk's own);
 * - the Vercel bypass: the deployed app's origin, `url`, which only an input or the event gives (the file may not);
 * - the webhook signing secret: nowhere as it is (only signatures made with it go, to `webhook-url`, an input).
 */
export function secretDestinations(plan: Plan): SecretDestination[] {
  const entries: Array<[Sourced<string> | undefined, string | undefined, boolean]> = [
    [plan.secretKey, plan.clerkApiUrl, false],
    [plan.platformApiKey, plan.platformApiUrl, false],
    // The deployed app's answers are outside text: on a pull request, its author's code may echo the bypass.
    [plan.vercelProtectionBypass, plan.url, true],
    [plan.webhookSecret, undefined, false],
  ]
  return entries.flatMap(([secret, url, reflects]) => {
    const value = secret?.value.trim()
    if (!secret || !value) return []
    const origin = url && URL.canParse(url) ? new URL(url).origin : undefined
    return [{ source: secret.source, value, origin, reflects }]
  })
}
