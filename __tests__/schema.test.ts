import { readFile } from 'node:fs/promises'
import { configJsonSchema } from '../scripts/config-json-schema.js'
import { WORKFLOW_SETTINGS } from '../src/settings/schema.js'

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
