import { configFileSchema } from '../src/settings/file-schema.js'
import { readInputSettings } from '../src/settings/input-settings.js'
import { MAX_PROTECTED_PATHS, SETTINGS, type SettingName } from '../src/settings/schema.js'

// Each setting's reader (src/settings/schema.ts) reads an input's string and the file's YAML value: the inputs with it
// alone, the file through zod's schema of the file, which holds the same reader.

const read = (name: SettingName, value: unknown) => SETTINGS[name].kind.read(value)
const fileProblems = (data: unknown) => {
  const parsed = configFileSchema.safeParse(data)
  return parsed.success ? [] : parsed.error.issues.map(i => ({ path: i.path, message: i.message }))
}

describe('the readers of the settings', () => {
  it('read an input’s text as the file’s native value', () => {
    expect(read('passkeys', 'true')).toEqual(read('passkeys', true))
    expect(read('http-timeout-ms', ' 2500 ')).toEqual({ ok: true, value: 2500 })
    expect(read('http-timeout-ms', 2500)).toEqual({ ok: true, value: 2500 })
    expect(read('satellites', 'a.example.com,\n B.example.com. ,')).toEqual(
      read('satellites', ['a.example.com', 'B.example.com.']),
    )
    expect(read('satellites', ['a.example.com'])).toEqual({ ok: true, value: ['a.example.com'] })
    // `true` is the older spelling of `always`; YAML's boolean reads as the word.
    expect(read('comment', 'true')).toEqual({ ok: true, value: 'always' })
    expect(read('comment', false)).toEqual({ ok: true, value: 'false' })
    expect(read('clerk-api', true)).toEqual({ ok: true, value: 'true' })
  })

  it('refuse a wrong value with what a valid one is, and a list item at its index', () => {
    expect(read('http-timeout-ms', '5s')).toEqual({
      ok: false,
      issues: [{ path: [], message: 'must be a whole number of milliseconds' }],
    })
    expect(read('http-timeout-ms', '99')).toEqual({
      ok: false,
      issues: [{ path: [], message: 'must be at least 100 ms' }],
    })
    expect(read('http-timeout-ms', 1.5)).toEqual({
      ok: false,
      issues: [{ path: [], message: 'expected int, got number' }],
    })
    expect(read('app-origins', 'https://a.example.com, ftp://b.example.com')).toEqual({
      ok: false,
      issues: [{ path: [1], message: '"ftp://b.example.com" is not an http(s) origin' }],
    })
    expect(read('fail-on', 'warn')).toEqual({
      ok: false,
      issues: [{ path: [], message: 'must be error, warning or never' }],
    })
    expect(read('domain', null)).toEqual({ ok: false, issues: [{ path: [], message: 'expected string, got empty' }] })
    expect(fileProblems({ satellites: ['ok.example.com', 'not a domain'], domain: 5 })).toEqual([
      { path: ['domain'], message: 'expected string, got number' },
      { path: ['satellites', 1], message: '"not a domain" is not a domain name like example.com' },
    ])
  })

  it('say one thing of odd input: a number of 2^53 or more, a list where text belongs, a list far too long', () => {
    // zod's reading said a bare "Invalid input" of the large numbers, and "must not be empty" after the list's type
    // error (CHANGELOG, Fixed); text of 309 digits or more, which reads as Infinity, was "expected number, got number".
    expect(read('dns-timeout-ms', '99999999999999999999')).toEqual({
      ok: false,
      issues: [{ path: [], message: 'must be at most 60000 ms' }],
    })
    expect(read('http-timeout-ms', '9'.repeat(400))).toEqual({
      ok: false,
      issues: [{ path: [], message: 'must be at most 60000 ms' }],
    })
    expect(read('pr-number', '9007199254740993')).toEqual({
      ok: false,
      issues: [{ path: [], message: 'must be a pull request number' }],
    })
    expect(read('publishable-key', [])).toEqual({
      ok: false,
      issues: [{ path: [], message: 'expected string, got a list' }],
    })
    // Refused whole, before its items are read: ten thousand bad paths are one problem, not ten thousand (as zod did).
    const paths = Array.from({ length: 10_000 }, (_, i) => `not-a-path-${i}`)
    expect(read('protected-paths', paths)).toEqual({
      ok: false,
      issues: [{ path: [], message: `must list at most ${MAX_PROTECTED_PATHS} paths` }],
    })
    expect(readInputSettings({ 'protected-paths': paths.join(',') })).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field: 'protected-paths', problem: 'must list at most 10 paths' })],
    })
  })
})
