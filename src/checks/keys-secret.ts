import { KEY_PREFIXES } from '../clerk/keys.js'
import { SECRET_KEY_VARIABLE } from '../settings/plan.js'
import { defineCheck, EVERY_INSTANCE } from './shared/check.js'

export const keysSecretCheck = defineCheck({
  id: 'keys.secret',
  title: 'The secret key is present, well formed and of the right instance type',
  doc: {
    subject: 'env var or input name',
    verifies:
      "present (a `warn` when absent: browser-only apps have none; a `skip` on a pull request from a fork, which GitHub gives no secrets), well formed, instance type matches; legacy `live_`/`test_` keys warn; an API key (`ak_`), machine token (`mt_`) or OAuth token (`oat_`) in its place fails, named for what it is (prefixes from Clerk's SDK, `packages/backend/src/tokens/machine.ts`)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: [],
  side: 'clerk',
  network: {},
  async run({ plan }, { clerk }) {
    const key = plan.secretKey
    if (!key && plan.fromFork) {
      return [
        {
          subject: SECRET_KEY_VARIABLE,
          status: 'skip',
          message:
            "not checked: this pull request comes from a fork, and GitHub passes a fork's workflow no secrets; the base repository's runs check the secret key",
        },
      ]
    }
    if (!key) {
      // Apps that use Clerk only in the browser have no secret key, so its absence alone cannot fail a deploy.
      return [
        {
          subject: SECRET_KEY_VARIABLE,
          status: 'warn',
          message: `no secret key: the secret-key input and ${SECRET_KEY_VARIABLE} are empty, so it cannot be checked (server-side Clerk SDKs need it)`,
          fix: 'Pass it to the step: `secret-key: ${{ secrets.CLERK_SECRET_KEY }}`. Apps that use Clerk only in the browser can ignore this.',
        },
      ]
    }
    const parsed = key.parsed
    const required = plan.environment.instanceType
    const wanted = KEY_PREFIXES[required].secret
    if (!parsed.ok)
      return [{ subject: key.source, status: 'fail', message: `${key.source} ${parsed.problem}`, fix: parsed.fix }]
    const evidence = { prefix: parsed.prefix, instanceType: parsed.instanceType }
    if (parsed.instanceType !== required) {
      return [
        {
          subject: key.source,
          status: 'fail',
          message: `${key.source} is a ${parsed.prefix} key of a ${parsed.instanceType} instance, but ${plan.environment.name} needs a ${required} instance (${wanted}…)`,
          fix: `In the Clerk dashboard, switch to the ${required} instance, copy its secret key (${wanted}…) from API keys, and store it in the secret that ${plan.environment.name} uses.`,
          evidence,
        },
      ]
    }
    if (parsed.legacy) {
      return [
        {
          subject: key.source,
          status: 'warn',
          message: `${key.source} has the legacy prefix ${parsed.prefix}: it still works for a ${parsed.instanceType} instance, but current SDKs expect ${wanted}`,
          fix: `Create a new secret key in the Clerk dashboard (API keys); it will start with ${wanted}.`,
          evidence,
        },
      ]
    }
    const instance = await clerk.instance()
    if (!instance.ok && instance.kind === 'unauthorized') {
      return [
        {
          subject: key.source,
          status: 'fail',
          message: `Clerk's Backend API refused ${key.source} (${instance.status}): the key is revoked, mistyped, or of no instance`,
          fix: `Copy the secret key of the ${required} instance again from the Clerk dashboard (API keys), or create a new one there.`,
          evidence,
        },
      ]
    }
    const confirmed = instance.ok ? " (accepted by Clerk's Backend API)" : ''
    return [
      {
        subject: key.source,
        status: 'pass',
        message: `${parsed.prefix} key of a ${parsed.instanceType} instance${confirmed}`,
        evidence,
      },
    ]
  },
})
