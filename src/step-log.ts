import { writeSync } from 'node:fs'
import { EOL } from 'node:os'
import type { AnnotationProperties } from '@actions/core'

/**
 * The step's log, where the runner also reads workflow commands (`::warning file=…::text`). Written to file
 * descriptor 1 at once rather than through `process.stdout`: on a runner the log is a pipe, and the first touch of
 * `process.stdout` makes a `net.Socket` of it, loading Node's networking and stream modules (about 15 M instructions on
 * Node 24, 6% of a development run, which makes no other use of them; CONTRIBUTING.md, "Start-up, step by step").
 * The commands are written as @actions/core writes them (lib/command.js), which is how the runner parses them
 * (actions/runner, ActionCommandManager.cs): `::name key=value,key=value::message`, escaped.
 */
export interface StepLog {
  /** One line; the line break is added. */
  line(text: string): void
}

/** The log at an open file descriptor. */
export const stepLogAt = (fd: number): StepLog => ({ line: text => writeWhole(fd, text + EOL) })

/** The process's standard output, the runner's log. */
export const STDOUT = stepLogAt(1)

/** A workflow command's line: https://docs.github.com/actions/reference/workflow-commands-for-github-actions */
export function workflowCommand(name: string, message: string, properties: CommandProperties = {}): string {
  const given = Object.entries(properties).filter(([, value]) => value !== undefined && value !== '' && value !== 0)
  const props = given.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`
}

export type CommandProperties = Record<string, string | number | undefined>

/** Where an annotation points, in the names the runner reads (@actions/core's toCommandProperties). */
export function annotationProperties(place: AnnotationProperties = {}): CommandProperties {
  return {
    title: place.title,
    file: place.file,
    line: place.startLine,
    endLine: place.endLine,
    col: place.startColumn,
    endColumn: place.endColumn,
  }
}

/** A message ends at a line break and `%` starts an escape: both escaped, as the runner unescapes them. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

/** A property's value also ends at `,` (the next property) and `:` (the message). */
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** How long a full pipe is waited on, a millisecond at a time, before a line is given up (the reader is gone). */
const WAIT_MS = 1
const MAX_WAITS = 10_000

let sleeper: Int32Array | undefined

/**
 * Writes all of `text`. A pipe whose other end made it non-blocking (the file description is shared) answers EAGAIN
 * when full: the rest is written once the reader drains it. A log nobody reads any more (EPIPE: the runner went away)
 * is not this step's failure: the report and outputs still count.
 */
function writeWhole(fd: number, text: string): void {
  let bytes = Buffer.from(text)
  let waits = 0
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EAGAIN' && waits++ < MAX_WAITS) {
        Atomics.wait((sleeper ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, WAIT_MS)
        continue
      }
      if (code === 'EPIPE' || code === 'EAGAIN') return
      throw error
    }
  }
}
