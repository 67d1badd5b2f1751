import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Report } from '../src/report/model.js'

export const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url))

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputsFile: string
  outputs: Record<string, string>
  summary: string
  report?: Report
  reportText: string
  peakRssKib?: number
}

export interface ActionOptions {
  /** Inputs by name, passed as INPUT_<NAME> the way the runner does. */
  inputs?: Record<string, string>
  env?: Record<string, string>
  eventName?: string
  event?: unknown
  ref?: string
  /** Files to create in the workspace before the run. */
  files?: Record<string, string>
  timeoutMs?: number
  /** Close the log's pipe before the action writes to it, as when the runner stops reading. */
  closeLog?: boolean
  /** Report the run's peak memory (maxRSS, KiB) as `peakRssKib`. */
  measureMemory?: boolean
  /** Makes what `files` cannot (symlinks, FIFOs, directories) in the workspace, before the run. */
  prepare?: (workspace: string, dir: string) => Promise<void>
}

/**
 * Runs the bundled action as the runner does: a fresh node process, inputs and files as the runner provides them, in a
 * temporary folder (workspace, RUNNER_TEMP, the output and summary files) that is removed once the results are read.
 */
export async function runAction(options: ActionOptions = {}): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'cp-action-'))
  const workspace = join(dir, 'workspace')
  const files = { '.keep': '', ...options.files }
  for (const [path, text] of Object.entries(files)) {
    const full = join(workspace, path)
    await mkdir(dirname(full), { recursive: true })
    await writeFile(full, text)
  }
  await options.prepare?.(workspace, dir)
  const outputsFile = join(dir, 'output.txt')
  const summaryFile = join(dir, 'summary.md')
  const eventFile = join(dir, 'event.json')
  await writeFile(outputsFile, '')
  await writeFile(summaryFile, '')
  await writeFile(eventFile, JSON.stringify(options.event ?? {}))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REF: options.ref ?? 'refs/heads/main',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputsFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    // Never GitHub itself: a test that publishes passes its stand-in's address. Port 9 is one fetch refuses outright.
    GITHUB_API_URL: 'http://127.0.0.1:9',
    CLERK_API_URL: 'http://127.0.0.1:9',
    CLERK_FAPI_URL: 'http://127.0.0.1:9',
    // The throwaway test CA `npm test` made: the action trusts it as a runner trusts the public CAs.
    ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
    ...options.env,
  }
  // Tests never reach the runner's resolver: without a server of the test's own, DNS goes to a closed loopback port.
  for (const [name, value] of Object.entries({ 'dns-servers': '127.0.0.1:1', ...options.inputs })) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  // ACTION_NODE lets CI run the bundle under the runner's Node 24 as well as the Node the tests run on.
  // Preloaded: says the process's peak memory on stderr (a pipe, written synchronously on Linux) as it exits.
  const memoryProbe = `process.on('exit', () => process.stderr.write('MAXRSS=' + process.resourceUsage().maxRSS + '\\n'))`
  const args = options.measureMemory
    ? ['--import', `data:text/javascript,${encodeURIComponent(memoryProbe)}`, DIST]
    : [DIST]
  const child = spawn(process.env.ACTION_NODE || process.execPath, args, { env, cwd: workspace })
  let stdout = ''
  let stderr = ''
  if (options.closeLog) child.stdout.destroy()
  else child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15000)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  const outputsText = await readFile(outputsFile, 'utf8')
  const outputs = parseOutputs(outputsText)
  // A relative report-file is the workspace's, where the runner starts the action.
  const reportPath = resolve(workspace, outputs['report-file'] || join(dir, 'clerk-preflight.json'))
  const reportText = await readFile(reportPath, 'utf8').catch(() => '')
  const summary = await readFile(summaryFile, 'utf8')
  await rm(dir, { recursive: true, force: true })
  return {
    code,
    stdout,
    stderr,
    outputsFile: outputsText,
    outputs,
    summary,
    report: reportText ? (JSON.parse(reportText) as Report) : undefined,
    reportText,
    peakRssKib: options.measureMemory ? Number(/MAXRSS=(\d+)/.exec(stderr)?.[1]) : undefined,
  }
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const head = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!head) continue
    const [, name, delimiter] = head
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
    outputs[name as string] = value.join('\n')
  }
  return outputs
}

/** Every 12-character run of a secret (the whole secret if shorter) that appears in `text`. */
export function leakedSlices(text: string, secret: string): string[] {
  if (secret.length <= 12) return text.includes(secret) ? [secret] : []
  const found: string[] = []
  for (let i = 0; i + 12 <= secret.length; i++) {
    const slice = secret.slice(i, i + 12)
    if (text.includes(slice)) found.push(slice)
  }
  return found
}

/** The runner swallows `::add-mask::` commands; they never reach the log, so they are not output. */
export function visibleLog(stdout: string): string {
  return stdout
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
}
