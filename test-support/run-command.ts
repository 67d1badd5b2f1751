import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const COMMAND = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))

export interface CommandRun {
  code: number | null
  stdout: string
  stderr: string
  /** The files `readBack` named, as the run left them. */
  files: Record<string, string>
}

export interface CommandOptions {
  env?: Record<string, string>
  /** Files to create in the working folder before the run (the configuration file, reports). */
  files?: Record<string, string>
  timeoutMs?: number
  /** Files in the working folder to read after the run (the job summary, a report file). */
  readBack?: string[]
}

/**
 * Runs the bundled command (dist/cli/index.js) as a build step does: a fresh node process in a folder of its own, with
 * only the variables given, never a terminal (stdout and stderr are pipes). Clerk's APIs default to a closed port.
 */
export async function runCommand(args: string[], options: CommandOptions = {}): Promise<CommandRun> {
  const cwd = await mkdtemp(join(tmpdir(), 'cp-command-'))
  for (const [path, text] of Object.entries(options.files ?? {})) {
    await mkdir(dirname(join(cwd, path)), { recursive: true })
    await writeFile(join(cwd, path), text)
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: cwd,
    CLERK_API_URL: 'http://127.0.0.1:9',
    CLERK_FAPI_URL: 'http://127.0.0.1:9',
    ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
    ...options.env,
  }
  // `{cwd}` in a variable is the working folder (GITHUB_STEP_SUMMARY, a report file).
  for (const [name, value] of Object.entries(env)) env[name] = value.replace('{cwd}', cwd)
  const child = spawn(process.env.ACTION_NODE || process.execPath, [COMMAND, ...args], { env, cwd })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20000)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  const files: Record<string, string> = {}
  for (const path of options.readBack ?? []) files[path] = await readFile(join(cwd, path), 'utf8').catch(() => '')
  await rm(cwd, { recursive: true, force: true })
  return { code, stdout, stderr, files }
}
