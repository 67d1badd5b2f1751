import { fork, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHECKS } from '../src/checks/index.js'
import { runChecks } from '../src/runner/run-checks.js'
import { buildPlan, type Plan } from '../src/settings/plan.js'
import type { QueryLogEntry } from '../test-support/dns-server.js'
import { publishableKey } from '../test-support/keys.js'
import { NODE } from './node24.js'
import { benchDomains } from './zone.js'

// The DNS checks' wall time for an instance with 1 to 500 domains (a primary and its satellites) on one and three
// servers, with a delay injected into every answer, against the floor: the longest chain of dependent questions a run
// needs (a record's CNAME, then a mail target's address, known only from the answer) times the delay. Everything else
// (every CAA level, Clerk's fixed targets, the other servers) goes out at once. The servers run in a process of their
// own and keep up (a large receive buffer, as unbound's so-rcvbuf). The peer is dig, asked the same questions 32 at a
// time (`xargs -P32 dig`), on a few rows (it takes minutes on the largest). Then the bundled action's peak memory on
// the largest run.

export const DELAY_MS = Number(process.env.DELAY_MS ?? 100)
export const CHAIN = 2
export const FLOOR_MS = CHAIN * DELAY_MS
export const COUNTS = [1, 10, 25, 50, 100, 200, 500]
/** The rows dig is timed on: one resolver. */
const DIG_COUNTS = new Set([10, 100, 500])
export const RESOLVERS = [1, 3]
const REPEATS = Number(process.env.DNS_REPEATS ?? 3)
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

export async function measureDns(): Promise<{ rows: DnsRow[]; repeats: number; memory: DnsMemory }> {
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
          ...(withDig && row.resolvers === 1 && DIG_COUNTS.has(row.domains) ? { digMs: await digParallel(logs) } : {}),
        }
      }
    }
    const memory = actionMemory(Math.max(...COUNTS), servers.addresses)
    return { rows: measured.map((row, i) => ({ ...row, ms: median(times[i] ?? []) })), repeats: REPEATS, memory }
  } finally {
    servers.close()
  }
}

export interface DnsMemory {
  domains: number
  resolvers: number
  peakRssMb: number
  ms: number
}

/**
 * The bundled action's peak memory (as the kernel counts it) and wall time on a production run of `count` domains
 * against every server, with Clerk's API and the live checks off: the DNS checks' memory at scale.
 */
export function actionMemory(count: number, servers: string[]): DnsMemory {
  const dir = mkdtempSync(join(tmpdir(), 'cp-bench-dns-'))
  const { primary, satellites } = benchDomains(count)
  const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))
  const probe = `${process.env.DEBUG_MEMORY ? "const t0=Date.now(); const tl=[]; setInterval(()=>{const m=process.memoryUsage(); tl.push((Date.now()-t0)+':'+Math.round(m.heapUsed/1e6)+'/'+Math.round(m.rss/1e6))},50).unref(); process.on('exit',()=>process.stderr.write(tl.join(' ')+'\\n'));" : ''}process.on('exit', () => process.stderr.write('RSS=' + process.resourceUsage().maxRSS + ' ' + JSON.stringify(process.memoryUsage()) + '\\n')); await import(${JSON.stringify(dist)})`
  for (const f of ['out.txt', 'summary.md']) writeFileSync(join(dir, f), '')
  const started = performance.now()
  const run = spawnSync(
    NODE,
    [
      ...(process.env.PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF_DIR}`] : []),
      '--input-type=module',
      '-e',
      probe,
    ],
    {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        GITHUB_WORKSPACE: dir,
        GITHUB_OUTPUT: join(dir, 'out.txt'),
        GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
        RUNNER_TEMP: dir,
        INPUT_ENVIRONMENT: 'production',
        'INPUT_DNS-SERVERS': servers.join(','),
        'INPUT_CLERK-API': 'false',
        'INPUT_LIVE-CHECKS': 'false',
        INPUT_SATELLITES: satellites.join(','),
        CLERK_PUBLISHABLE_KEY: publishableKey('live', `clerk.${primary}`),
      },
    },
  )
  const ms = performance.now() - started
  rmSync(dir, { recursive: true, force: true })
  const rss = /RSS=(\d+)/.exec(run.stderr)
  if (!rss) throw new Error(`the action did not run: ${run.stderr.slice(-2000)}`)
  if (process.env.DEBUG_MEMORY) console.error(run.stderr.slice(-3000))
  return { domains: count, resolvers: servers.length, peakRssMb: Number(rss[1]) / 1024, ms }
}
