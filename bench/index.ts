import { NODE } from './node24.js'
import { cpus } from 'node:os'
import { measureColdStart, measureWorkspaceScan, RUNS, SCAN_FILES } from './cold-start.js'
import { DELAY_MS, FLOOR_MS, measureDns } from './dns.js'
import { measureLive, type LiveFigures } from './live.js'

// `npm run bench`: the figures of CONTRIBUTING.md's performance table. Not a test: numbers, printed. Everything runs on
// Node 24 (bench/node24.ts); timings on a shared machine wander, so each figure is a median, and ratios are taken
// within one run.

const cold = measureColdStart()
const scan = measureWorkspaceScan()
const dns = await measureDns()
const live = await measureLive()
const rows: Array<[string, string]> = [
  [
    'start, development run',
    `${cold.actionMs.toFixed(0)} ms median of ${RUNS}, ${cold.ratio.toFixed(2)}× bare node (${cold.bareMs.toFixed(0)} ms)${cold.cpu ? `; CPU time ${cold.cpu.actionMs.toFixed(0)} ms, ${cold.cpu.ratio.toFixed(2)}× bare node's (${cold.cpu.bareMs.toFixed(0)} ms)` : ''}`,
  ],
  ['bundle (dist/*.js)', `${(cold.bundleBytes / 1024).toFixed(0)} KiB`],
  ['peak memory, development run', `${cold.peakRssMb.toFixed(0)} MiB RSS`],
  [
    `development run, ${SCAN_FILES.toLocaleString('en')} source files in the workspace`,
    `${scan.ms.toFixed(0)} ms: ${scan.extraMs.toFixed(0)} ms more for reading ${(scan.bytes / 2 ** 20).toFixed(0)} MiB of source`,
  ],
  ...dns.rows.map(({ domains, resolvers, ms, questions, maxOutstanding, digMs }): [string, string] => [
    `DNS, ${domains} domain${domains === 1 ? '' : 's'}, ${resolvers} resolver${resolvers === 1 ? '' : 's'}`,
    `${ms.toFixed(0)} ms, ${(ms / FLOOR_MS).toFixed(2)}× the floor; ${questions} questions, at most ${maxOutstanding} outstanding at a server${digMs === undefined ? '' : `; xargs -P32 dig ${(digMs / 1000).toFixed(1)} s (${(digMs / ms).toFixed(0)}× as long)`}`,
  ]),
  [
    `peak memory, production run of ${dns.memory.domains} domains on ${dns.memory.resolvers} resolvers (the bundled action, DNS checks)`,
    `${dns.memory.peakRssMb.toFixed(0)} MiB RSS, ${(dns.memory.ms / 1000).toFixed(1)} s`,
  ],
  ...(live.skipped
    ? [['live checks', `not measured: ${live.skipped}`] as [string, string]]
    : liveRows(live.liveMs ?? 0, (live.chainMs ?? 0) + cold.actionMs)),
]
console.log(
  `node ${process.version} (${NODE}), ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}; DNS: ${DELAY_MS} ms per answer, floor ${FLOOR_MS} ms (a chain of 2), medians of ${dns.repeats}\n`,
)
console.log('| figure | value |\n|---|---|')
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`)

function liveRows(liveMs: number, criticalMs: number): Array<[string, string]> {
  const { chainMs = 0, tlsMs = 0, opensslMs, silentMs = 0, silentBoundMs = 0 }: LiveFigures = live
  return [
    [
      'production run, every live check on loopback (HTTPS: a page and its script, 2 certificates, 2 Frontend APIs, 2 webhook probes)',
      `${liveMs.toFixed(0)} ms, ${(liveMs / criticalMs).toFixed(2)}× its critical path (${criticalMs.toFixed(0)} ms: the start, ${cold.actionMs.toFixed(0)} ms, then address, handshake, page and script on one connection, ${chainMs.toFixed(0)} ms)`,
    ],
    [
      'TLS handshakes with example.com, clerk. and accounts. at once',
      `${tlsMs.toFixed(0)} ms by the action's client${opensslMs === undefined ? '' : `; openssl s_client in parallel ${opensslMs.toFixed(0)} ms (${(tlsMs / opensslMs).toFixed(2)}×)`}`,
    ],
    [
      'the same run with every web peer silent (connections accepted, never answered)',
      `${(silentMs / 1000).toFixed(1)} s; computed worst case ${(silentBoundMs / 1000).toFixed(1)} s`,
    ],
  ]
}
