import type { CheckId } from '../report/model.js'
import type { Check } from '../checks/shared/check.js'

/** A run quiet for this long says what it is waiting on: a build log that stays silent looks hung. */
export const PROGRESS_AFTER_MS = 2000
/** How often after that: a terminal's line is rewritten in place; a log gets a line now and then. */
const EVERY_MS = { terminal: 500, log: 5000 }
const NAMED = 3

export interface ProgressStream {
  write(text: string): unknown
  isTTY?: boolean
}

export interface Progress {
  /** The checks, each telling the progress line when it starts and ends. */
  watch(checks: readonly Check<CheckId>[]): Check<CheckId>[]
  stop(): void
}

/** The progress line, on stderr: stdout stays the findings or the JSON report alone. */
export function startProgress(stream: ProgressStream, started: number, subject: string): Progress {
  const running = new Set<string>()
  let done = 0
  let shown = false
  const line = () => {
    const waiting = [...running]
    const names =
      waiting.slice(0, NAMED).join(', ') + (waiting.length > NAMED ? ` and ${waiting.length - NAMED} more` : '')
    const seconds = Math.round((Date.now() - started) / 1000)
    return `clerk-preflight: checking ${subject}, ${seconds} s: ${done} checks done${names ? `, waiting on ${names}` : ''}`
  }
  const tick = () => {
    shown = true
    stream.write(stream.isTTY ? `\r\u001b[2K${line()}` : `${line()}\n`)
  }
  let interval: ReturnType<typeof setInterval> | undefined
  const first = setTimeout(() => {
    tick()
    interval = setInterval(tick, stream.isTTY ? EVERY_MS.terminal : EVERY_MS.log)
    interval.unref()
  }, PROGRESS_AFTER_MS)
  first.unref()
  return {
    watch: checks =>
      checks.map(check => ({
        ...check,
        run: async (...args: Parameters<Check<CheckId>['run']>) => {
          running.add(check.id)
          try {
            return await check.run(...args)
          } finally {
            running.delete(check.id)
            done++
          }
        },
      })),
    stop() {
      clearTimeout(first)
      clearInterval(interval)
      if (shown && stream.isTTY) stream.write('\r\u001b[2K')
    },
  }
}
