import { shownInstanceType } from '../clerk/api.js'
import { defineCheck, EVERY_INSTANCE } from './shared/check.js'
import type { Cause } from '../report/model.js'

export const keysPairCheck = defineCheck({
  id: 'keys.pair',
  title: 'The publishable and secret key are of the same instance type',
  doc: {
    subject: '—',
    verifies:
      "publishable and secret key are of the same instance type; with Clerk's API, exactly: the secret key's instance has the type of both prefixes, and one of its domains serves the Frontend API the publishable key names",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['publishable-key', 'secret-key'],
  side: 'clerk',
  network: {},
  async run({ publishableKey, secretKey }, { clerk }) {
    const publishable = publishableKey.parsed
    const secret = secretKey.parsed
    const evidence = { publishable: publishable.prefix, secret: secret.prefix }
    if (publishable.instanceType !== secret.instanceType) {
      return [
        {
          subject: '—',
          status: 'fail',
          message: `the publishable key (${publishable.prefix}) is of a ${publishable.instanceType} instance and the secret key (${secret.prefix}) of a ${secret.instanceType} instance: they cannot belong to the same Clerk instance`,
          fix: 'Copy both keys from the same instance in the Clerk dashboard (API keys), the one this environment deploys against.',
          followsFrom: WRONG_KEY,
          evidence,
        },
      ]
    }
    // Prefixes only tell the type; Clerk knows whether the secret key's instance is the publishable key's.
    const [instance, domains] = await Promise.all([clerk.instance(), clerk.domains()])
    const said = shownInstanceType(instance.ok ? instance.data.environment_type : undefined)
    if (instance.ok && said && instance.data.environment_type !== publishable.instanceType) {
      return [
        {
          subject: '—',
          status: 'fail',
          message: `Clerk says the secret key belongs to a ${said} instance, but both prefixes say ${publishable.instanceType}`,
          fix: 'Copy both keys again from the same instance in the Clerk dashboard (API keys).',
          followsFrom: WRONG_KEY,
          evidence: { ...evidence, instance: instance.data.id, environmentType: said },
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
            followsFrom: WRONG_KEY,
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
})

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname
  } catch {
    return undefined
  }
}

/** Keys of two instances follow from the one of the wrong instance type, and copying the right one mends both. */
const WRONG_KEY: Cause[] = [
  { id: 'keys.secret', fixedWithIt: true },
  { id: 'keys.publishable', fixedWithIt: true },
]
