import { KEY_PREFIXES } from '../clerk/keys.js'
import { PUBLISHABLE_KEY_VARIABLES } from '../settings/plan.js'
import { defineCheck, EVERY_INSTANCE, type Finding } from './shared/check.js'

export const keysPublishableCheck = defineCheck({
  id: 'keys.publishable',
  title: 'The publishable key is present, well formed and of the right instance type',
  doc: {
    subject: 'env var or input name',
    verifies:
      "present, well formed (prefix, base64 of a host followed by `$`), instance type matches the environment; variables that disagree fail; a legacy `live_`/`test_` publishable key is read for its instance type as Clerk's SDK does (`isProductionFromPublishableKey`, `packages/shared/src/keys.ts`) and warns, since the SDK's `parsePublishableKey` takes only `pk_` keys",
  },
  appliesTo: EVERY_INSTANCE,
  needs: [],
  side: 'clerk',
  network: {},
  run({ plan }) {
    const key = plan.publishableKey
    if (!key) {
      return [
        {
          subject: 'publishable-key',
          status: 'fail',
          message: `no publishable key: the publishable-key input is empty and none of ${PUBLISHABLE_KEY_VARIABLES.join(', ')} is set`,
          fix: "Pass it to the step: `publishable-key: ${{ vars.CLERK_PUBLISHABLE_KEY }}`, or set one of those variables in the job's env.",
        },
      ]
    }
    const findings: Finding[] = []
    if (plan.publishableKeyConflicts.length > 0) {
      findings.push({
        subject: key.source,
        status: 'fail',
        message: `${[key.source, ...plan.publishableKeyConflicts].join(', ')} hold different publishable keys; the app would use whichever its framework reads`,
        fix: 'Give every publishable-key variable the same key, or remove the ones the app does not read.',
        evidence: { variables: [key.source, ...plan.publishableKeyConflicts] },
      })
    }
    const parsed = key.parsed
    const required = plan.environment.instanceType
    const wanted = KEY_PREFIXES[required].publishable
    if (!parsed.ok) {
      findings.push({
        subject: key.source,
        status: 'fail',
        message: `${key.source} ${parsed.problem}`,
        fix: parsed.fix,
      })
    } else if (parsed.instanceType !== required) {
      findings.push({
        subject: key.source,
        status: 'fail',
        message: `${key.source} is a ${parsed.prefix} key of a ${parsed.instanceType} instance, but ${plan.environment.name} needs a ${required} instance (${wanted}…)`,
        fix: `In the Clerk dashboard, switch to the ${required} instance, copy its publishable key (${wanted}…) from API keys, and use it for ${plan.environment.name}.`,
        evidence: { prefix: parsed.prefix, instanceType: parsed.instanceType, frontendApi: parsed.frontendApi },
      })
    } else if (parsed.legacy) {
      findings.push({
        subject: key.source,
        status: 'warn',
        message: `${key.source} has the legacy prefix ${parsed.prefix}: Clerk's SDK still reads a ${parsed.instanceType} instance from it, but its parsePublishableKey (used by ClerkProvider and clerkMiddleware) takes only ${wanted} keys and refuses this one; Frontend API ${parsed.frontendApi}`,
        fix: `Copy the current publishable key (${wanted}…) from API keys in the Clerk dashboard.`,
        evidence: {
          prefix: parsed.prefix,
          instanceType: parsed.instanceType,
          frontendApi: parsed.frontendApi,
          legacy: true,
        },
      })
    } else {
      findings.push({
        subject: key.source,
        status: 'pass',
        message: `${parsed.prefix} key of a ${parsed.instanceType} instance; Frontend API ${parsed.frontendApi}`,
        evidence: { prefix: parsed.prefix, instanceType: parsed.instanceType, frontendApi: parsed.frontendApi },
      })
    }
    return findings
  },
})
