import { parsePublishableKey, parseSecretKey } from '../clerk/keys.js'
import type { Check } from './check.js'

export const keyPairCheck: Check = {
  id: 'keys.pair',
  title: 'The publishable and secret key are of the same instance type',
  side: 'clerk',
  async run(plan, { clerk }) {
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
    // Prefixes only tell the type; Clerk knows whether the secret key's instance is the publishable key's.
    const [instance, domains] = await Promise.all([clerk.instance(), clerk.domains()])
    if (instance.ok && instance.data.environment_type && instance.data.environment_type !== publishable.instanceType) {
      return [
        {
          subject: '—',
          status: 'fail',
          message: `Clerk says the secret key belongs to a ${instance.data.environment_type} instance, but both prefixes say ${publishable.instanceType}`,
          fix: 'Copy both keys again from the same instance in the Clerk dashboard (API keys).',
          evidence: { ...evidence, instance: instance.data.id, environmentType: instance.data.environment_type },
        },
      ]
    }
    if (domains.ok) {
      const hosts = domains.data
        .flatMap(d => [hostOf(d.frontend_api_url), d.proxy_url ? hostOf(d.proxy_url) : undefined])
        .filter((h): h is string => !!h)
      if (!hosts.includes(publishable.frontendApi)) {
        return [
          {
            subject: '—',
            status: 'fail',
            message: `the secret key's instance serves its Frontend API at ${hosts.join(', ') || 'no host'}, but the publishable key points at ${publishable.frontendApi}: the keys come from different instances (the classic cause of "infinite redirect loop … instance keys do not match")`,
            fix: 'Copy both keys again from the same instance in the Clerk dashboard (API keys).',
            evidence: { ...evidence, frontendApiHosts: hosts },
          },
        ]
      }
      return [
        {
          subject: '—',
          status: 'pass',
          message: `the keys belong to the same ${publishable.instanceType} instance (confirmed by Clerk's Backend API)`,
          evidence: { ...evidence, instance: instance.ok ? instance.data.id : undefined },
        },
      ]
    }
    return [
      {
        subject: '—',
        status: 'pass',
        message: `both keys are of a ${publishable.instanceType} instance (by their prefixes; whether it is the same instance needs Clerk's API)`,
        evidence,
      },
    ]
  },
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname
  } catch {
    return undefined
  }
}
