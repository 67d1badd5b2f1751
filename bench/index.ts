import { cpus } from 'node:os'
import { spawnSync } from 'node:child_process'
import { measureColdStart, measureWorkspaceScan, NODE, RUNS, SCAN_FILES } from './cold-start.js'
import { CHAIN, DELAY_MS, measureDns } from './dns.js'
import { measureLive } from './live.js'

// `npm run bench`: the figures of CONTRIBUTING.md's performance table. Not a test: numbers, printed.

const cold = measureColdStart()
const scan = measureWorkspaceScan()
const dns = await measureDns()
const live = await measureLive()
const rows: Array<[string, string]> = [
  [
    'cold start, development run',
    `${cold.actionMs.toFixed(0)} ms median of ${RUNS}, ${cold.ratio.toFixed(2)}× bare node (${cold.bareMs.toFixed(0)} ms)`,
  ],
  ['bundle (dist/*.js)', `${(cold.bundleBytes / 1024).toFixed(0)} KiB`],
  ['peak memory, development run', `${cold.peakRssMb.toFixed(0)} MiB RSS`],
  [
    `development run, ${SCAN_FILES.toLocaleString('en')} source files in the workspace`,
    `${scan.ms.toFixed(0)} ms: ${scan.extraMs.toFixed(0)} ms more for reading ${(scan.bytes / 2 ** 20).toFixed(0)} MiB of source`,
  ],
  [
    `DNS, 1 domain, ${DELAY_MS} ms per answer`,
    `${dns.one.ms.toFixed(0)} ms: ${(dns.one.ms / DELAY_MS).toFixed(2)}× the delay, for a chain of ${CHAIN} (target ≤ ${1.5 * CHAIN}×); ${dns.one.queries} queries`,
  ],
  [
    'DNS, 1 domain, 3 servers',
    `${dns.oneThree.ms.toFixed(0)} ms: ${(dns.oneThree.ms / DELAY_MS).toFixed(2)}× the delay; ${dns.oneThree.queries} queries`,
  ],
  [
    'DNS, 50 domains × 5 records × 3 servers',
    `${(dns.fifty.ms / 1000).toFixed(1)} s: ${(dns.fifty.ms / DELAY_MS).toFixed(1)}× the delay; ${dns.fifty.queries} queries`,
  ],
  ...(live.skipped
    ? [['live checks', `not measured: ${live.skipped}`] as [string, string]]
    : ([
        [
          'production run, every live check on loopback (HTTPS: a page and its script, 2 certificates, 2 Frontend APIs, 2 webhook probes)',
          `${(live.liveMs ?? 0).toFixed(0)} ms median of 3`,
        ],
        [
          'the same run with every web peer silent (connections accepted, never answered)',
          `${((live.silentMs ?? 0) / 1000).toFixed(1)} s; computed worst case ${((live.silentBoundMs ?? 0) / 1000).toFixed(1)} s`,
        ],
      ] as Array<[string, string]>)),
]
const actionNode = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()
console.log(
  `the action on node ${actionNode} (the benchmark on ${process.version}), ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}\n`,
)
console.log('| figure | value |\n|---|---|')
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`)
