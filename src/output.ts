import * as core from '@actions/core'
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import { makeRedactor, type Redactor } from './redact.js'
import { annotationProperties, STDOUT, workflowCommand, type StepLog } from './step-log.js'
import { urlCredentials } from './web/hostname.js'

/** Where an annotation points: the configuration file's line, when the finding is about it. */
export type AnnotationPlace = core.AnnotationProperties

/**
 * Where masks and warnings go: the runner's log commands; for the command (src/cli), the terminal's stderr, where a
 * `::add-mask::` line would print the secret itself and the redactor is the only mask.
 */
export interface Channel {
  setSecret(secret: string): void
  warning(text: string, place?: AnnotationPlace): void
}

/** The runner's: masks and warnings are workflow commands in the step's log. */
const runnerChannel = (log: StepLog): Channel => ({
  setSecret: secret => log.line(workflowCommand('add-mask', secret)),
  warning: (text, place) => log.line(workflowCommand('warning', text, annotationProperties(place))),
})

/**
 * Everything the run writes to the runner goes through here (the log, annotations, the job summary, step outputs, the
 * step's failure, the masks): redacted with every secret it knows, and each channel failing on its own, so that an
 * unwritable report file never costs the summary, the outputs or the verdict. No other module calls @actions/core to
 * write (the import graph test holds it to that).
 */
export class Output {
  private secrets: string[]
  redact: Redactor

  private readonly log: StepLog
  private readonly channel: Channel

  /** Masks the secrets with the runner before anything else is written. */
  constructor(secrets: readonly string[], where: { channel?: Channel; log?: StepLog } = {}) {
    this.log = where.log ?? STDOUT
    this.channel = where.channel ?? runnerChannel(this.log)
    for (const secret of secrets) this.channel.setSecret(secret)
    this.secrets = [...secrets]
    this.redact = makeRedactor(this.secrets)
  }

  /** Credentials in these URLs (userinfo, a protection-bypass token) are secrets too, from here on. */
  maskUrlCredentials(urls: ReadonlyArray<string | undefined>): void {
    const credentials = urls.flatMap(url => urlCredentials(url))
    if (credentials.length === 0) return
    for (const credential of credentials) this.channel.setSecret(credential)
    this.secrets.push(...credentials)
    this.redact = makeRedactor(this.secrets)
  }

  /** Runs one write; a failure is a warning naming what could not be done, and `false`. */
  async attempt(what: string, write: () => unknown): Promise<boolean> {
    try {
      await write()
      return true
    } catch (error) {
      this.warning(`Could not ${what}: ${(error as Error | undefined)?.message ?? String(error)}`)
      return false
    }
  }

  /**
   * Appends to the job summary, a file the runner names (GITHUB_STEP_SUMMARY); outside a runner there is none. Written
   * here rather than with @actions/core's summary, whose file access is fs.promises: loading it costs every start.
   */
  summary(text: string): Promise<boolean> {
    const file = process.env.GITHUB_STEP_SUMMARY
    if (!file) return Promise.resolve(false)
    // A line break after each write, as core's summary adds one (addRaw(text, true)).
    return this.attempt('write the job summary', () => appendFileSync(file, this.redact(text) + EOL))
  }

  /** A line of the step's log. */
  info(line: string): void {
    this.log.line(this.redact(line))
  }

  /** A line only a run with step debugging shows. */
  debug(line: string): void {
    this.log.line(workflowCommand('debug', this.redact(line)))
  }

  /** Lines folded under a title in the log. */
  group(title: string, lines: readonly string[]): void {
    this.log.line(workflowCommand('group', this.redact(title)))
    for (const line of lines) this.info(line)
    this.log.line(workflowCommand('endgroup', ''))
  }

  warning(text: string, place?: AnnotationPlace): void {
    this.channel.warning(this.redact(text), place)
  }

  error(text: string, place?: AnnotationPlace): void {
    this.log.line(workflowCommand('error', this.redact(text), annotationProperties(place)))
  }

  notice(text: string): void {
    this.log.line(workflowCommand('notice', this.redact(text)))
  }

  /** The step fails, saying why (an error annotation), as @actions/core's setFailed does. */
  fail(reason: string): void {
    process.exitCode = 1
    this.error(reason)
  }

  /** A step output: a status, check ids, a path or a URL, none of them secret, set as they are. */
  setOutput(name: string, value: string): void {
    core.setOutput(name, value)
  }
}
