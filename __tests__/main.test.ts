import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { run } from '../src/main.js'
import { PK_LIVE, PK_TEST, SK_TEST } from '../test-support/keys.js'
import { parseOutputs } from '../test-support/run-action.js'
import { tempFolder } from '../test-support/temp-folder.js'

// run() in this process, as index.ts calls it, with the runner's files in a temporary directory: the orchestration
// itself under test (the bundled-action tests cover the same through dist/).

async function runInProcess(vars: Record<string, string>) {
  const dir = tempFolder('cp-main-')
  const files = { GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md') }
  for (const f of Object.values(files)) await writeFile(f, '')
  const saved = { ...process.env }
  const written: string[] = []
  try {
    for (const key of Object.keys(process.env))
      if (key.startsWith('INPUT_') || key.startsWith('GITHUB_') || key.startsWith('CLERK_')) delete process.env[key]
    Object.assign(process.env, {
      RUNNER_TEMP: dir,
      GITHUB_WORKSPACE: dir,
      'INPUT_DNS-SERVERS': '127.0.0.1:1',
      CLERK_API_URL: 'http://127.0.0.1:9',
      CLERK_FAPI_URL: 'http://127.0.0.1:9',
      GITHUB_API_URL: 'http://127.0.0.1:9',
      ...files,
      ...vars,
    })
    await run({ line: text => written.push(`${text}\n`) })
    const exitCode = process.exitCode
    return {
      exitCode,
      log: written.join(''),
      outputs: parseOutputs(await readFile(files.GITHUB_OUTPUT, 'utf8')),
      summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
      report: await readFile(vars['INPUT_REPORT-FILE'] ?? join(dir, 'clerk-preflight.json'), 'utf8').then(
        text => JSON.parse(text) as { status: string; checks: Array<{ id: string; status: string }> },
        () => undefined,
      ),
    }
  } finally {
    process.env = saved
    process.exitCode = undefined
  }
}

describe('run()', () => {
  it('masks the secret first, checks, writes report, summary and outputs, and fails the step', async () => {
    const r = await runInProcess({
      INPUT_ENVIRONMENT: 'production',
      CLERK_PUBLISHABLE_KEY: PK_TEST,
      CLERK_SECRET_KEY: SK_TEST,
    })
    expect(r.log.split('\n')[0]).toBe(`::add-mask::${SK_TEST}`)
    expect(r.exitCode).toBe(1)
    expect(r.outputs.status).toBe('fail')
    expect(r.summary).toContain('is not ready')
    expect(r.report?.status).toBe('fail')
    expect(r.log).toContain('FAIL  keys.publishable [CLERK_PUBLISHABLE_KEY]')
  })

  it('writes the summary and outputs and keeps the verdict when the report file cannot be written', async () => {
    const dir = tempFolder('cp-main-taken-')
    const r = await runInProcess({
      INPUT_ENVIRONMENT: 'production',
      'INPUT_REPORT-FILE': dir,
      CLERK_PUBLISHABLE_KEY: PK_TEST,
      CLERK_SECRET_KEY: SK_TEST,
    })
    expect(r.log).toMatch(new RegExp(`^::warning::Could not write the report to ${dir}: EISDIR`, 'm'))
    expect(r.exitCode).toBe(1)
    expect(r.outputs).toMatchObject({ status: 'fail', 'report-file': '' })
    expect(r.summary).toContain('is not ready')
    expect(r.report).toBeUndefined()
  })

  it('passes the step for a development run that is ready', async () => {
    const r = await runInProcess({
      INPUT_ENVIRONMENT: 'development',
      'INPUT_PUBLISHABLE-KEY': PK_TEST,
      'INPUT_CLERK-API': 'false',
    })
    expect(r.exitCode).toBeUndefined()
    expect(r.outputs['failed-checks']).toBe('')
  })

  it('writes the report where report-file says, also when the configuration is invalid', async () => {
    const dir = tempFolder('cp-main-report-')
    const reportFile = join(dir, 'nested', 'report.json')
    const r = await runInProcess({
      INPUT_ENVIRONMENT: 'production',
      'INPUT_FAIL-ON': 'sometimes',
      'INPUT_REPORT-FILE': reportFile,
      CLERK_PUBLISHABLE_KEY: PK_LIVE,
    })
    expect(r.report?.checks[0]).toMatchObject({ id: 'config', status: 'fail' })
    expect(r.outputs['report-file']).toBe(reportFile)
    expect(r.exitCode).toBe(1)
  })
})
