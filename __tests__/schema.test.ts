import { readFile } from 'node:fs/promises'
import { configJsonSchema } from '../scripts/config-json-schema.js'
import { DEFAULT_VALUES, INPUT_DEFAULTS } from '../src/settings/action-inputs.js'
import { valueFix } from '../src/settings/errors.js'
import {
  EVERY_FIELD,
  expectedValue,
  inputSettingsSchema,
  settingSchema,
  WORKFLOW_SETTINGS,
  type SettingName,
} from '../src/settings/schema.js'

describe('the published JSON Schema of the configuration file', () => {
  it('is the one generated from the zod schema (run `npm run schema` after changing settings)', async () => {
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
    for (const [name, value] of Object.entries(DEFAULT_VALUES))
      expect([name, value]).toEqual([
        name,
        settingSchema(name as SettingName).parse(INPUT_DEFAULTS[name as SettingName & keyof typeof INPUT_DEFAULTS]),
      ])
    const schema = configJsonSchema() as { properties: Record<string, { default?: unknown }> }
    expect(schema.properties.passkeys?.default).toBe(false)
  })

  it('builds a schema for the inputs given only, refusing a name that is no input’s as the whole schema does', () => {
    const parsed = inputSettingsSchema(['dns-timeout-ms', 'nonsense']).safeParse({
      'dns-timeout-ms': '250',
      nonsense: 'x',
    })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['nonsense'] })])
    expect(inputSettingsSchema(['dns-timeout-ms']).parse({ 'dns-timeout-ms': '250' })).toEqual({
      'dns-timeout-ms': 250,
    })
  })
})
