import { fork, spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { CHECKS } from '../src/checks/index.js'
import { runChecks } from '../src/runner/run-checks.js'
import { buildPlan, type Plan } from '../src/settings/plan.js'
import type { QueryLogEntry } from '../test-support/dns-server.js'
import { publishableKey } from '../test-support/keys.js'
import { NODE } from './node24.js'
import { benchDomains } from './zone.js'

// The DNS checks' wall time for an instance with 1 to 50 domains (a primary and its satellites) on one and three
// servers, with a delay injected into every answer, against the floor: the longest chain of dependent questions a run
// needs (a record's CNAME, then a mail target's address, known only from the answer) times the delay. Everything else
// (A/AAAA, every CAA level and its TCP asking, Clerk's fixed targets, the other servers) goes out at once. The servers
// run in a process of their own. The peer is dig, asked the same questions 32 at a time (as `parallel -j32` would).

export const DELAY_MS = Number(process.env.DELAY_MS ?? 100)
export const CHAIN = 2
export const FLOOR_MS = CHAIN * DELAY_MS
export const COUNTS = [1, 10, 25, 50]
export const RESOLVERS = [1, 3]
const REPEATS = Number(process.env.DNS_REPEATS ?? 5)
const DIG_JOBS = 32

interface ServerLog {
  address: string
  asked: QueryLogEntry[]
  maxOutstanding: number
}

interface Servers {
  addresses: string[]
  /** The questions each server was asked since the last call. */
  log(): Promise<ServerLog[]>
  close(): void
}

async function startServers(count: number, domains: number): Promise<Servers> {
  const child = fork(
    fileURLToPath(new URL('./dns-server-process.ts', import.meta.url)),
    [JSON.stringify({ servers: count, domains, delayMs: DELAY_MS })],
    { execPath: NODE, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  const next = () => new Promise<unknown>(resolve => child.once('message', resolve))
  const { addresses } = (await next()) as { addresses: string[] }
  return {
    addresses,
    async log() {
      const answer = next()
      child.send('log')
      return (await answer) as ServerLog[]
    },
    close: () => child.disconnect(),
  }
}

function planFor(count: number, servers: string[]): Plan {
  const { primary, satellites } = benchDomains(count)
  const outcome = buildPlan({
    inputs: {
      environment: 'production',
      'dns-servers': servers.join(','),
      'dns-timeout-ms': '5000',
      'clerk-api': 'false',
      ...(satellites.length > 0 ? { satellites: satellites.join(',') } : {}),
    },
    env: { CLERK_PUBLISHABLE_KEY: publishableKey('live', `clerk.${primary}`) },
    clues: {},
    config: { ok: true, loaded: { path: 'bench', present: false, config: {}, locate: () => undefined } },
    workspace: '.',
  })
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems))
  return outcome.plan
}

const dnsChecks = CHECKS.filter(c => c.id.startsWith('dns.'))

/** One run of the DNS checks with tools of its own (nothing cached from an earlier run). */
async function timeRun(plan: Plan): Promise<number> {
  const started = performance.now()
  const results = await runChecks(
    { ok: true, plan },
    { ok: true, loaded: { path: 'bench', present: false, config: {}, locate: () => undefined } },
    dnsChecks,
  )
  const ms = performance.now() - started
  // A figure is only worth printing for the run it claims to be.
  const bad = results.filter(r => r.status === 'fail' || r.status === 'error')
  if (bad.length > 0) throw new Error(`the DNS run did not pass: ${JSON.stringify(bad.slice(0, 3))}`)
  return ms
}

/** The same UDP questions through dig, DIG_JOBS processes at a time; the wall time. */
async function digParallel(logs: ServerLog[]): Promise<number> {
  const jobs = logs.flatMap(({ address, asked }) => {
    const [host, port] = address.split(':') as [string, string]
    const questions = new Set(asked.filter(q => q.transport === 'udp').map(q => `${q.name} ${q.type}`))
    return [...questions].map(q => [`@${host}`, '-p', port, '+tries=1', '+time=5', ...q.split(' ')])
  })
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: DIG_JOBS }, async () => {
      while (next < jobs.length) {
        const args = jobs[next++] as string[]
        await new Promise(resolve => spawn('dig', args, { stdio: 'ignore' }).on('close', resolve))
      }
    }),
  )
  return performance.now() - started
}

export interface DnsRow {
  domains: number
  resolvers: number
  /** Medians of REPEATS runs. */
  ms: number
  questions: number
  maxOutstanding: number
  digMs?: number
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

export const digAvailable = () => spawnSync('dig', ['-v'], { stdio: 'ignore' }).status === 0

export async function measureDns(): Promise<{ rows: DnsRow[]; repeats: number }> {
  const servers = await startServers(Math.max(...RESOLVERS), Math.max(...COUNTS))
  const withDig = digAvailable()
  try {
    const rows = RESOLVERS.flatMap(resolvers => COUNTS.map(domains => ({ domains, resolvers })))
    const times = rows.map((): number[] => [])
    const measured: DnsRow[] = []
    // Interleaved, so that the machine's noise falls on every row alike.
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const [i, row] of rows.entries()) {
        const plan = planFor(row.domains, servers.addresses.slice(0, row.resolvers))
        await servers.log()
        times[i]?.push(await timeRun(plan))
        if (repeat > 0) continue
        const logs = (await servers.log()).slice(0, row.resolvers)
        measured[i] = {
          ...row,
          ms: 0,
          questions: logs.reduce((n, l) => n + l.asked.length, 0),
          maxOutstanding: Math.max(...logs.map(l => l.maxOutstanding)),
          ...(withDig ? { digMs: await digParallel(logs) } : {}),
        }
      }
    }
    return { rows: measured.map((row, i) => ({ ...row, ms: median(times[i] ?? []) })), repeats: REPEATS }
  } finally {
    servers.close()
  }
}
