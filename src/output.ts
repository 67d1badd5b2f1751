import * as core from '@actions/core'
import { makeRedactor, type Redactor } from './redact.js'
import { urlCredentials } from './web/hostname.js'

/** Where the run's own messages go: the runner's log commands, or, for the command, the terminal. */
export interface Channel {
  /** A value to mask from here on (the runner's `::add-mask::`; a terminal has no masking but the redactor). */
  setSecret(secret: string): void
  warning(text: string): void
}

const RUNNER: Channel = { setSecret: secret => core.setSecret(secret), warning: text => core.warning(text) }

/**
 * Everything the run writes goes through here: redacted with every secret it knows, and each channel failing on its
 * own, so that an unwritable report file never costs the summary, the outputs or the verdict.
 */
export class Output {
  private secrets: string[]
  redact: Redactor

  constructor(
    secrets: readonly string[],
    private readonly channel: Channel = RUNNER,
  ) {
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
      this.channel.warning(this.redact(`Could not ${what}: ${(error as Error | undefined)?.message ?? String(error)}`))
      return false
    }
  }

  /** Appends to the job summary; outside a runner there is none, and @actions/core would throw for the want of one. */
  summary(text: string): Promise<boolean> {
    if (!process.env.GITHUB_STEP_SUMMARY) return Promise.resolve(false)
    return this.attempt('write the job summary', () => core.summary.addRaw(text, true).write())
  }
}
