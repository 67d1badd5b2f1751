import type { Finding } from './check.js'

/**
 * The contract's "Verdicts about the runner's side": evidence that could not be had for a reason on the runner's side
 * (its resolver refuses, drops or cannot be reached, a temporary resolution failure such as EAI_AGAIN) is an `error`
 * that says what the runner met, never a `fail` with a fix for the user's zone or deployment. Every such finding
 * shares this fix, so that the reports' presentation tells them as one problem, once per run.
 */
export const RUNNER_SIDE_FIX =
  "Nothing to change in your zone or your deployment: this is the runner's side. Run the job again; if it persists, give `dns-servers` resolvers the runner can reach (`1.1.1.1, 8.8.8.8`), or look at the runner's network (a self-hosted runner's resolver, a firewall)."

/** A finding that could not be evaluated because of what the runner met. */
export function runnerSideError(subject: string, met: string, evidence: Record<string, unknown> = {}): Finding {
  return {
    subject,
    status: 'error',
    message: `could not evaluate ${subject}: the runner met a problem of its own (${met}), which says nothing about ${subject}`,
    fix: RUNNER_SIDE_FIX,
    evidence: { ...evidence, runnerSide: met },
  }
}
