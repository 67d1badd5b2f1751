import type { Phase } from '../settings/plan.js'
import type { Side } from '../checks/shared/check.js'
import type { CheckResult } from '../report/model.js'

/**
 * Before the deploy, what is live is the previous release: a finding about the app itself cannot block the deploy that
 * fixes it ("set the variable and redeploy"), so it is at most `warn`, and says it is judged after the deploy.
 * Clerk's side and the DNS do not change with the app's deploy and keep their verdict.
 */
export function judgedInPhase(side: Side, phase: Phase, result: CheckResult): CheckResult {
  if (side !== 'app' || phase.value !== 'before-deploy') return result
  if (result.status !== 'fail' && result.status !== 'error') return result
  const why =
    phase.from === 'input'
      ? 'phase is before-deploy'
      : "phase auto: this run is not on a deployment_status event or Vercel's deployment dispatch, so it is taken to run before the deploy"
  return {
    ...result,
    status: 'warn',
    message: `about the live (previous) release, judged after the deploy (${why}); it would be ${result.status}: ${result.message}`,
    evidence: { ...result.evidence, phase: phase.value, unsoftenedStatus: result.status },
  }
}
