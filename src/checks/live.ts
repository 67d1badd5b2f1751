import type { Plan } from '../settings/plan.js'
import type { Finding } from './check.js'

/**
 * Whether the live checks look at the deployment: `live-checks: auto` does in production and wherever the run was given
 * a URL to look at; `false` never, `true` always. They only ever reach hosts the inputs name or imply.
 */
export function liveChecksOn(plan: Plan): boolean {
  if (plan.liveChecks !== 'auto') return plan.liveChecks === 'true'
  return plan.environment.instanceType === 'production' || plan.url !== undefined || plan.webhookUrl !== undefined
}

/** The result of a live check that does not probe, saying why; undefined when it does. */
export function liveSkip(plan: Plan, subject: string): Finding | undefined {
  if (liveChecksOn(plan)) return undefined
  if (plan.liveChecks === 'false') return { subject, status: 'skip', message: 'not probed: live-checks is false' }
  return {
    subject,
    status: 'skip',
    message: `not probed: with live-checks auto, the live deployment is probed in production, or where url or webhook-url is given`,
  }
}

/**
 * The hosts the instance serves from (Frontend API, Account Portal, satellites), for certificates: `host`, or
 * `host:port` for a proxy on a port of its own, where its TLS is.
 */
export function productionHosts(plan: Plan): string[] {
  const domain = plan.domain?.value
  if (!domain) return []
  const hosts = [plan.proxyUrl ? new URL(plan.proxyUrl).host : `clerk.${domain}`, `accounts.${domain}`]
  for (const satellite of plan.satellites) hosts.push(`clerk.${satellite}`)
  return [...new Set(hosts)]
}
