import fs, { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'

/**
 * The runner's workflow commands (docs.github.com, "Workflow commands for GitHub Actions"), written as @actions/core
 * writes them. Not @actions/core itself: its entry module loads an HTTP client for OIDC at start-up, which cost more
 * than the rest of this action's start together, for seven functions that each write one line.
 */

export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  startColumn?: number
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/**
 * Writes to the log (fd 1) directly. process.stdout would load node's whole stream stack on first use, a tenth of a
 * development run's start-up, for lines that are written once and in order.
 */
function writeLog(text: string): void {
  const bytes = Buffer.from(text)
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(1, bytes, offset)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // A log nobody reads any more (the runner went away) is not this step's failure.
      if (code === 'EPIPE') return
      // A non-blocking pipe that is full: wait a moment for the reader.
      if (code !== 'EAGAIN') throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5)
    }
  }
}

function command(name: string, properties: Record<string, string | number | undefined>, message: string): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',')
  writeLog(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`)
}

/** Asks the runner to mask a value in the log from now on. */
export function setSecret(value: string): void {
  command('add-mask', {}, value)
}

export function info(message: string): void {
  writeLog(`${message}${EOL}`)
}

function annotation(level: 'warning' | 'error', message: string, at: AnnotationProperties): void {
  command(level, { title: at.title, file: at.file, line: at.startLine, col: at.startColumn }, message)
}

export function warning(message: string, at: AnnotationProperties = {}): void {
  annotation('warning', message, at)
}

export function error(message: string, at: AnnotationProperties = {}): void {
  annotation('error', message, at)
}

export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

/** A step output, as a heredoc in the file GITHUB_OUTPUT names, with a delimiter the value cannot contain. */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) return info(`output ${name}=${value}`)
  // Random enough that no value holds it by chance, and checked; node:crypto would cost more at start than it adds.
  const delimiter = `ghadelimiter_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`
  if (value.includes(delimiter) || name.includes(delimiter)) throw new Error(`output ${name} contains its delimiter`)
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`)
}

/** Adds Markdown to the job summary; outside a runner there is none, and nothing is written. */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (file) appendFileSync(file, `${markdown}${EOL}`)
}
