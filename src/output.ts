import * as core from '@actions/core'
import { makeRedactor, type Redactor } from './redact.js'
import { urlCredentials } from './web/hostname.js'

/** Where an annotation points: the configuration file's line, when the finding is about it. */
export type AnnotationPlace = core.AnnotationProperties

/**
 * Everything the run writes to the runner goes through here (the log, annotations, the job summary, step outputs, the
 * step's failure, the masks): redacted with every secret it knows, and each channel failing on its own, so that an
 * unwritable report file never costs the summary, the outputs or the verdict. No other module calls @actions/core to
 * write (the import graph test holds it to that).
 */
export class Output {
  private secrets: string[]
  redact: Redactor

  /** Masks the secrets with the runner before anything else is written. */
  constructor(secrets: readonly string[]) {
    for (const secret of secrets) core.setSecret(secret)
    this.secrets = [...secrets]
    this.redact = makeRedactor(this.secrets)
  }

  /** Credentials in these URLs (userinfo, a protection-bypass token) are secrets too, from here on. */
  maskUrlCredentials(urls: ReadonlyArray<string | undefined>): void {
    const credentials = urls.flatMap(url => urlCredentials(url))
    if (credentials.length === 0) return
    for (const credential of credentials) core.setSecret(credential)
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

  /** Appends to the job summary; outside a runner there is none, and @actions/core would throw for the want of one. */
  summary(text: string): Promise<boolean> {
    if (!process.env.GITHUB_STEP_SUMMARY) return Promise.resolve(false)
    return this.attempt('write the job summary', () => core.summary.addRaw(this.redact(text), true).write())
  }

  /** A line of the step's log. */
  info(line: string): void {
    core.info(this.redact(line))
  }

  /** A line only a run with step debugging shows. */
  debug(line: string): void {
    core.debug(this.redact(line))
  }

  /** Lines folded under a title in the log. */
  group(title: string, lines: readonly string[]): void {
    core.startGroup(this.redact(title))
    for (const line of lines) this.info(line)
    core.endGroup()
  }

  warning(text: string, place?: AnnotationPlace): void {
    core.warning(this.redact(text), place)
  }

  error(text: string, place?: AnnotationPlace): void {
    core.error(this.redact(text), place)
  }

  notice(text: string): void {
    core.notice(this.redact(text))
  }

  /** The step fails, saying why (an error annotation). */
  fail(reason: string): void {
    core.setFailed(this.redact(reason))
  }

  /** A step output: a status, check ids, a path or a URL, none of them secret, set as they are. */
  setOutput(name: string, value: string): void {
    core.setOutput(name, value)
  }
}
