import type { ApiAnswer, JwtTemplateList } from '../clerk/api.js'
import { scanTokenSettings, type TemplateUse } from '../settings/token-settings-scan.js'
import { quote } from '../web/hostname.js'
import { defineCheck, ATTEMPTS, EVERY_INSTANCE, type CheckPlan, type Finding } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'

/** How many of the instance's template names a finding repeats. */
const SHOWN_TEMPLATES = 50

export const clerkJwtTemplatesCheck = defineCheck({
  id: 'clerk.jwt-templates',
  title: 'Every JWT template the app asks for exists on this instance',
  doc: {
    subject: 'template name',
    verifies:
      "with the secret key, every JWT template the app asks for exists on this instance (Backend API `GET /v1/jwt_templates`, clerk/openapi-specs `bapi`: `ListJWTTemplates`). The names come from `jwt-templates`, else from the workspace's source files (`getToken({ template: '…' })`, clerk-docs `reference/javascript/session.mdx`; tests left out), in the bounded walk the `authorizedParties` heuristic uses. Templates live per instance (clerk-docs `guides/sessions/jwt-templates.mdx`): one made on the development instance is missing in production until it is made there, and `getToken` then fails for every signed-in user. A name missing from a list Clerk cut short is a `warn`",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['secret-key', 'clerk-api'],
  side: 'clerk',
  network: { webExchanges: () => ATTEMPTS },
  async run({ plan }, { clerk }) {
    const asked = askedTemplates(plan)
    if (asked.length === 0) {
      return [
        {
          subject: 'jwt-templates',
          status: 'skip',
          message:
            "the app asks for no JWT template: none in `jwt-templates`, and no getToken({ template: '…' }) in the workspace's source files",
        },
      ]
    }
    return judgeTemplates(asked, await clerk.jwtTemplates(), plan.environment.instanceType)
  },
})

/** The names the app asks for, with where each is asked for: the input's, else the code's. */
export function askedTemplates(plan: CheckPlan): TemplateUse[] {
  if (plan.jwtTemplates) return plan.jwtTemplates.value.map(name => ({ name, at: plan.jwtTemplates?.source ?? '' }))
  return scanTokenSettings(plan.workspace).templates
}

/** One finding per template asked for, against the instance's list. */
export function judgeTemplates(
  asked: TemplateUse[],
  answer: ApiAnswer<JwtTemplateList>,
  instanceType: string,
): Finding[] {
  if (!answer.ok && answer.runner) {
    const runner = answer.runner
    return asked.map(use => runnerSideError(use.name, runner, { askedAt: use.at }))
  }
  if (!answer.ok) {
    const refused = answer.kind === 'unauthorized'
    return asked.map(use => ({
      subject: use.name,
      status: answer.kind === 'disabled' ? 'skip' : 'error',
      message: refused
        ? `could not list the instance's JWT templates: Clerk refused the secret key (${answer.detail}; see keys.secret)`
        : `could not list the instance's JWT templates (${answer.detail})`,
      evidence: { askedAt: use.at },
    }))
  }
  const names = answer.data.templates.map(t => t.name)
  const complete = answer.data.totalCount <= names.length
  const evidence = (use: TemplateUse) => ({
    askedAt: use.at,
    templates: names.slice(0, SHOWN_TEMPLATES),
    ...(complete ? {} : { listed: names.length, total: answer.data.totalCount }),
  })
  return asked.map((use): Finding => {
    if (names.includes(use.name)) {
      return {
        subject: use.name,
        status: 'pass',
        message: `the ${instanceType} instance has the JWT template ${quote(use.name)}`,
        evidence: evidence(use),
      }
    }
    const otherCase = names.find(name => name.toLowerCase() === use.name.toLowerCase())
    return {
      subject: use.name,
      status: complete ? 'fail' : 'warn',
      message: `the ${instanceType} instance has no JWT template ${quote(use.name)} (asked for at ${use.at})${
        otherCase ? `; it has ${quote(otherCase)}, and names are matched exactly` : ''
      }${
        complete
          ? ': templates live per instance, so one made on the development instance is not here, and getToken fails for every signed-in user'
          : `; Clerk listed ${names.length} of ${answer.data.totalCount} templates, so it may be among the rest`
      }`,
      fix: `Create the JWT template ${quote(use.name)} on the ${instanceType} instance (Clerk dashboard → JWT templates; for Convex or Supabase start from their template and keep the name), with the same claims as on the instance where it works.`,
      evidence: evidence(use),
    }
  })
}
