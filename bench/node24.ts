import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// Imported first by bench/index.ts: the benchmark runs on the runner's Node 24 throughout, whatever node runs tsx.
// On another node it runs itself again on Node 24 (BENCH_NODE, else the one scripts/node24.sh installs) and exits.

/** The node that runs the action on a runner (node24): BENCH_NODE, else the one scripts/node24.sh installs. */
export const NODE = process.env.BENCH_NODE || runnerNode()

function runnerNode(): string {
  if (process.versions.node.split('.')[0] === '24') return process.execPath
  const script = fileURLToPath(new URL('../scripts/node24.sh', import.meta.url))
  const found = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (found.status !== 0) throw new Error('no Node 24 to be had: scripts/node24.sh failed')
  return found.stdout.trim()
}

if (NODE !== process.execPath) {
  const again = spawnSync(NODE, ['--import', 'tsx', ...process.argv.slice(1)], { stdio: 'inherit' })
  process.exit(again.status ?? 1)
}
