import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PK_TEST, SK_TEST } from '../test-support/keys.js'
import { NODE } from './node24.js'

// Cold start of the bundle on a development-environment run, against bare `node -e ''`: median wall time of RUNS
// fresh processes each, interleaved so that machine noise hits both alike.

export const RUNS = Number(process.env.RUNS ?? 15)
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'))
for (const f of ['out.txt', 'summary.md']) writeFileSync(join(dir, f), '')
const env = {
  PATH: process.env.PATH ?? '',
  GITHUB_WORKSPACE: dir,
  GITHUB_OUTPUT: join(dir, 'out.txt'),
  GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  RUNNER_TEMP: dir,
  INPUT_ENVIRONMENT: 'development',
  // A local run: with a secret key, clerk-api: auto would ask Clerk over the network.
  'INPUT_CLERK-API': 'false',
  CLERK_PUBLISHABLE_KEY: PK_TEST,
  CLERK_SECRET_KEY: SK_TEST,
}

function time(args: string[], workspace = dir): number {
  const started = process.hrtime.bigint()
  // The log is a pipe, as on a runner.
  const r = spawnSync(NODE, args, {
    env: { ...env, GITHUB_WORKSPACE: workspace },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`)
  return Number(process.hrtime.bigint() - started) / 1e6
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

/**
 * The CPU time (user and system) of this process's finished children so far, in ms, from /proc (Linux; undefined
 * elsewhere). Counted in clock ticks of 10 ms, so it is summed over every run: less disturbed than wall time when the
 * machine is busy, since waiting for a core is not counted.
 */
function childrenCpuMs(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined
  const fields = readFileSync('/proc/self/stat', 'utf8')
    .replace(/^.*\) /, '')
    .split(' ')
  // cutime and cstime are fields 16 and 17 of stat(5); the text after the name starts at field 3.
  return (Number(fields[13]) + Number(fields[14])) * 10
}

export interface ColdStart {
  bareMs: number
  actionMs: number
  ratio: number
  bundleBytes: number
  peakRssMb: number
  /** Mean CPU time of a run, and its ratio to bare node's, when the platform says. */
  cpu?: { bareMs: number; actionMs: number; ratio: number }
}

export function measureColdStart(): ColdStart {
  const bare: number[] = []
  const action: number[] = []
  time(['-e', '']) // warm the page cache for both
  time([dist])
  const cpu = { bare: 0, action: 0 }
  for (let i = 0; i < RUNS; i++) {
    const before = childrenCpuMs() ?? 0
    bare.push(time(['-e', '']))
    const between = childrenCpuMs() ?? 0
    action.push(time([dist]))
    cpu.bare += between - before
    cpu.action += (childrenCpuMs() ?? 0) - between
  }
  // Peak memory of the same run, as the kernel counts it for the process.
  const probe = `process.on('exit', () => process.stderr.write('RSS=' + process.resourceUsage().maxRSS + '\\n')); await import(${JSON.stringify(dist)})`
  const rss = spawnSync(NODE, ['--input-type=module', '-e', probe], { env, encoding: 'utf8' }).stderr
  const bundleBytes = readdirSync(dirname(dist))
    .filter(f => f.endsWith('.js'))
    .reduce((n, f) => n + statSync(join(dirname(dist), f)).size, 0)
  return {
    bareMs: median(bare),
    actionMs: median(action),
    ratio: median(action) / median(bare),
    bundleBytes,
    peakRssMb: Number(/RSS=(\d+)/.exec(rss)?.[1] ?? 0) / 1024,
    ...(cpu.bare > 0
      ? { cpu: { bareMs: cpu.bare / RUNS, actionMs: cpu.action / RUNS, ratio: cpu.action / cpu.bare } }
      : {}),
  }
}

export const SCAN_FILES = 3000

/**
 * The same run in a workspace of SCAN_FILES source files of 4 KiB, none calling Clerk: what the authorizedParties code
 * heuristic, which reads every source file, adds to a run in a large repository.
 */
export function measureWorkspaceScan(): { ms: number; extraMs: number; bytes: number } {
  const workspace = mkdtempSync(join(tmpdir(), 'cp-bench-ws-'))
  const text = 'export const value = 1 // an ordinary line of the app\n'.repeat(76)
  for (let d = 0; d < SCAN_FILES / 50; d++) {
    mkdirSync(join(workspace, 'src', `m${d}`), { recursive: true })
    for (let f = 0; f < 50; f++) writeFileSync(join(workspace, 'src', `m${d}`, `f${f}.ts`), text)
  }
  const empty: number[] = []
  const full: number[] = []
  time([dist], workspace) // warm the page cache, as a fresh checkout is
  for (let i = 0; i < Math.max(5, Math.floor(RUNS / 3)); i++) {
    empty.push(time([dist]))
    full.push(time([dist], workspace))
  }
  rmSync(workspace, { recursive: true, force: true })
  return { ms: median(full), extraMs: median(full) - median(empty), bytes: SCAN_FILES * Buffer.byteLength(text) }
}
