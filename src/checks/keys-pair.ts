import { parsePublishableKey, parseSecretKey } from '../clerk-keys.js'
import type { Check } from './check.js'

export const keyPairCheck: Check = {
  id: 'keys.pair',
  title: 'The publishable and secret key are of the same instance type',
  run(plan) {
    const publishable = plan.publishableKey && parsePublishableKey(plan.publishableKey.value)
    const secret = plan.secretKey && parseSecretKey(plan.secretKey.value)
    if (!publishable?.ok || !secret?.ok) {
      const missing = !publishable?.ok ? 'publishable key' : 'secret key'
      return [
        {
          subject: '—',
          status: 'skip',
          message: `not compared: the ${missing} is missing or malformed (see keys.${missing === 'publishable key' ? 'publishable' : 'secret'})`,
        },
      ]
    }
    const evidence = { publishable: publishable.prefix, secret: secret.prefix }
    if (publishable.instanceType !== secret.instanceType) {
      return [
        {
          subject: '—',
          status: 'fail',
          message: `the publishable key (${publishable.prefix}) is of a ${publishable.instanceType} instance and the secret key (${secret.prefix}) of a ${secret.instanceType} instance: they cannot belong to the same Clerk instance`,
          fix: 'Copy both keys from the same instance in the Clerk dashboard (API keys), the one this environment deploys against.',
          evidence,
        },
      ]
    }
    return [
      {
        subject: '—',
        status: 'pass',
        message: `both keys are of a ${publishable.instanceType} instance (by their prefixes)`,
        evidence,
      },
    ]
  },
}
