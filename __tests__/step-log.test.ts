import * as core from '@actions/core'
import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { Output } from '../src/output.js'
import { annotationProperties, stepLogAt, workflowCommand } from '../src/step-log.js'
import { tempFolder } from '../test-support/temp-folder.js'

/** What @actions/core itself writes to process.stdout while `write` runs. */
function coreWrites(write: () => void): string {
  const chunks: string[] = []
  const original = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk))
    return true
  }) as typeof process.stdout.write
  try {
    write()
  } finally {
    process.stdout.write = original
  }
  return chunks.join('')
}

describe('a workflow command', () => {
  // Any text, the command's own delimiters and escapes among it.
  const text = fc.string({ unit: fc.constantFrom('a', ' ', '%', '%0A', ':', ',', '::', '\r', '\n', 'é', '=') })
  const place = fc.record(
    {
      title: text,
      file: text,
      startLine: fc.nat(),
      endLine: fc.nat(),
      startColumn: fc.nat(),
      endColumn: fc.nat(),
    },
    { requiredKeys: [] },
  )

  it('is the line @actions/core writes, for any message and place', () => {
    fc.assert(
      fc.property(text, place, (message, where) => {
        const ours = `${workflowCommand('warning', message, annotationProperties(where))}\n`
        expect(ours).toBe(coreWrites(() => core.warning(message, where)))
      }),
    )
    fc.assert(
      fc.property(text, message => {
        expect(`${workflowCommand('add-mask', message)}\n`).toBe(coreWrites(() => core.setSecret(message)))
        expect(`${workflowCommand('debug', message)}\n`).toBe(coreWrites(() => core.debug(message)))
        expect(`${workflowCommand('group', message)}\n`).toBe(coreWrites(() => core.startGroup(message)))
      }),
    )
  })

  it('keeps a message to one line, and a property to its own value', () => {
    expect(workflowCommand('error', 'a\r\nb %0A c', { file: 'x,y:z', line: 3, col: 0 })).toBe(
      '::error file=x%2Cy%3Az,line=3::a%0D%0Ab %250A c',
    )
    expect(workflowCommand('endgroup', '')).toBe('::endgroup::')
  })
})

/** Runs `script` (TypeScript, from the repository's root) with its standard output a pipe this test reads as told. */
function child(script: string, read: (stdout: NodeJS.ReadableStream) => Promise<string>) {
  const process_ = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>(resolve => process_.on('close', resolve))
  return { read: read(process_.stdout), exited, stderr: () => stderr }
}

describe('the step log, as the process writes it', () => {
  it('writes each line whole, with its line break, at the file descriptor', () => {
    const file = join(tempFolder('cp-step-log-'), 'log')
    const fd = openSync(file, 'w')
    try {
      const log = stepLogAt(fd)
      log.line('::debug::one')
      log.line('two, é and →')
    } finally {
      closeSync(fd)
    }
    expect(readFileSync(file, 'utf8')).toBe('::debug::one\ntwo, é and →\n')
  })

  const LINES = 20_000
  const writer = (after: string) => `
    import { STDOUT } from './src/step-log.ts'
    // Touched first, process.stdout makes the pipe non-blocking (libuv): a full pipe answers EAGAIN.
    process.stdout
    for (let i = 0; i < ${LINES}; i++) STDOUT.line('line ' + i + ' ' + 'x'.repeat(200))
    ${after}
  `

  it('writes every line whole and in order to a pipe whose reader falls behind', async () => {
    const run = child(writer(''), async stdout => {
      stdout.pause()
      // Far more than a pipe holds (64 KiB) waits for the reader.
      await new Promise(resolve => setTimeout(resolve, 300))
      let text = ''
      stdout.setEncoding('utf8')
      stdout.on('data', (chunk: string) => (text += chunk))
      stdout.resume()
      await new Promise(resolve => stdout.on('end', resolve))
      return text
    })
    const text = await run.read
    expect(await run.exited).toBe(0)
    const lines = text.split('\n')
    expect(lines).toHaveLength(LINES + 1)
    expect(lines.every((line, i) => i === LINES || line === `line ${i} ${'x'.repeat(200)}`)).toBe(true)
  })

  it('lets the run go on when nobody reads the log any more', async () => {
    const marker = join(tempFolder('cp-step-log-'), 'finished')
    const run = child(writer(`;(await import('node:fs')).writeFileSync(${JSON.stringify(marker)}, 'yes')`), stdout => {
      ;(stdout as NodeJS.ReadableStream & { destroy(): void }).destroy()
      return Promise.resolve('')
    })
    await run.read
    expect({ code: await run.exited, stderr: run.stderr() }).toEqual({ code: 0, stderr: '' })
    expect(existsSync(marker)).toBe(true)
  })
})

describe('the job summary', () => {
  it('is appended as @actions/core appends it, a line break after each write', async () => {
    const dir = tempFolder('cp-summary-')
    const written = (file: string) => readFileSync(join(dir, file), 'utf8')
    const saved = process.env.GITHUB_STEP_SUMMARY
    try {
      writeFileSync(join(dir, 'ours.md'), '')
      process.env.GITHUB_STEP_SUMMARY = join(dir, 'ours.md')
      const output = new Output(['sk_test_0123456789abcdef'], { log: { line: () => undefined } })
      expect(await output.summary('## Head\n\nsk_test_0123456789abcdef')).toBe(true)
      expect(await output.summary('- a note')).toBe(true)
      writeFileSync(join(dir, 'core.md'), '')
      process.env.GITHUB_STEP_SUMMARY = join(dir, 'core.md')
      await core.summary.addRaw('## Head\n\n***', true).write()
      await core.summary.addRaw('- a note', true).write()
      expect(written('ours.md')).toBe(written('core.md'))
    } finally {
      process.env.GITHUB_STEP_SUMMARY = saved
    }
  })
})
