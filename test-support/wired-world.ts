import { startDnsServer, type DnsTestServer, type FixtureRecord } from './dns-server.js'
import { httpsUnavailable, startHttpsServer, type HttpsTestServer } from './https-server.js'
import { PK_LIVE, SK_LIVE } from './keys.js'
import { wiredApps } from './next-app.js'
import { runAction } from './run-action.js'
import { runScenario, type Scenario } from './scenario.js'
import type { CheckResult } from '../src/report/model.js'

/**
 * The world of the app-wiring checks (deploy.middleware, deploy.server-key, deploy.satellites): the Next.js stand-ins
 * of test-support/next-app.ts and the Frontend APIs their handshakes go to, served over real HTTPS on loopback, and a
 * zone that maps each of their names there. `wiredWorld()` starts them before the calling file's tests and closes
 * them after; its runs are production runs with the live checks on, the configured key PK_LIVE's.
 */
export const unavailable = await httpsUnavailable()
export const describeLive = unavailable ? describe.skip : describe

export interface WiredRun {
  /** The secret key the runner holds; none with `null`. Default SK_LIVE. */
  secretKey?: string | null
  vercelProtectionBypass?: string
  env?: Record<string, string>
}

export function wiredWorld(file: string) {
  if (unavailable) console.warn(`${file} over HTTPS skipped: ${unavailable}`)
  let web: HttpsTestServer
  let dns: DnsTestServer
  beforeAll(async () => {
    const sites = wiredApps()
    web = await startHttpsServer(sites)
    dns = await startDnsServer({
      records: Object.keys(sites).map((name): FixtureRecord => ({ name, type: 'A', data: web.address })),
    })
  })
  afterAll(async () => {
    await web.close()
    await dns.close()
  })

  /** Every check's results for a run with these inputs (`url`, `protected-paths`, `satellites`, …). */
  const run = async (inputs: Record<string, string>, options: WiredRun = {}): Promise<CheckResult[]> => {
    const scenario: Scenario = {
      inputs: {
        environment: 'production',
        'publishable-key': PK_LIVE,
        'dns-servers': dns.address,
        'live-checks': 'true',
        ...inputs,
      },
      ...(options.secretKey === null ? {} : { secretKey: options.secretKey ?? SK_LIVE }),
      ...(options.vercelProtectionBypass ? { vercelProtectionBypass: options.vercelProtectionBypass } : {}),
      ...(options.env ? { env: options.env } : {}),
    }
    return (await runScenario(scenario)).results
  }

  return {
    get web() {
      return web
    },
    get dns() {
      return dns
    },
    run,
    /** One check's results for a run on `https://<host>/` with these inputs. */
    async check(id: string, host: string | undefined, inputs: Record<string, string> = {}, options: WiredRun = {}) {
      const results = await run({ ...(host ? { url: `https://${host}/` } : {}), ...inputs }, options)
      return results.filter(r => r.id === id)
    },
    /** The bundled action, after the deploy, on this world (Clerk's APIs off). */
    action(inputs: Record<string, string>) {
      return runAction({
        inputs: {
          environment: 'production',
          'publishable-key': PK_LIVE,
          'dns-servers': dns.address,
          'clerk-api': 'false',
          phase: 'after-deploy',
          'http-timeout-ms': '2000',
          ...inputs,
        },
      })
    },
  }
}
