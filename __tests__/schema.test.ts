import { readFile } from 'node:fs/promises'
import { configJsonSchema } from '../scripts/config-json-schema.js'
import { DEFAULT_VALUES, INPUT_DEFAULTS } from '../src/settings/action-inputs.js'
import { valueFix } from '../src/settings/errors.js'
import { readInputSettings } from '../src/settings/input-settings.js'
import { EVERY_FIELD, expectedValue, SETTINGS, WORKFLOW_SETTINGS, type SettingName } from '../src/settings/schema.js'

describe('the published JSON Schema of the configuration file', () => {
  it('is the one generated from the file’s schema (run `npm run schema` after changing settings)', async () => {
    const committed: unknown = JSON.parse(await readFile('schema/clerk-preflight.schema.json', 'utf8'))
    expect(committed).toEqual(configJsonSchema())
  })

  it('rejects unknown keys, so editors flag typos, and the workflow’s settings, so editors flag those too', () => {
    const schema = configJsonSchema() as { additionalProperties?: boolean; properties: Record<string, unknown> }
    expect(schema.additionalProperties).toBe(false)
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['domain', 'environments', 'satellites']))
    for (const name of WORKFLOW_SETTINGS) expect(Object.keys(schema.properties)).not.toContain(name)
  })
})

describe('what the schema declares, which errors and defaults are derived from', () => {
  it('says, for every field, what a valid value looks like (an error’s fix), with the default action.yml states', () => {
    for (const name of Object.keys(EVERY_FIELD)) expect([name, expectedValue(name)]).toEqual([name, expect.any(String)])
    expect(valueFix(['http-timeout-ms'], 'input')).toBe(
      'Set the input `http-timeout-ms` to a whole number of milliseconds between 100 and 60000, e.g. 5000.',
    )
    expect(valueFix(['environments', 'production', 'satellites', 0], 'file')).toBe(
      'Set `environments.production.satellites` to a list of domain names, e.g. [example.net].',
    )
  })

  it('holds the defaults action.yml states as their settings read them, and states them in the JSON Schema', () => {
    for (const [name, value] of Object.entries(DEFAULT_VALUES)) {
      const stated = INPUT_DEFAULTS[name as SettingName & keyof typeof INPUT_DEFAULTS]
      expect([name, SETTINGS[name as SettingName].kind.read(stated)]).toEqual([name, { ok: true, value }])
    }
    const schema = configJsonSchema() as { properties: Record<string, { default?: unknown }> }
    expect(schema.properties.passkeys?.default).toBe(false)
  })

  it('reads the inputs given only, refusing a name that is no input’s after every value’s problem', () => {
    expect(readInputSettings({ nonsense: 'x', 'dns-timeout-ms': 'soon' })).toEqual({
      ok: false,
      problems: [
        expect.objectContaining({ subject: 'dns-timeout-ms', problem: 'must be a whole number of milliseconds' }),
        expect.objectContaining({ subject: 'nonsense', problem: '`nonsense` is not a known input' }),
      ],
    })
    expect(readInputSettings({ 'dns-timeout-ms': '250' })).toEqual({ ok: true, settings: { 'dns-timeout-ms': 250 } })
  })
})
