import * as z from 'zod/mini'
import { DEFAULT_VALUES } from '../src/settings/action-inputs.js'
import { configFileSchema } from '../src/settings/file-schema.js'

type JsonSchema = { properties?: Record<string, Record<string, unknown>>; additionalProperties?: unknown }

/** Each property with a default action.yml states gets it as `default`, where editors show it (said once, there). */
function withDefaults(schema: JsonSchema): void {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (Object.hasOwn(DEFAULT_VALUES, name)) property.default = DEFAULT_VALUES[name as keyof typeof DEFAULT_VALUES]
    if (typeof property.additionalProperties === 'object') withDefaults(property.additionalProperties as JsonSchema)
  }
}

/** The JSON Schema of .github/clerk-preflight.yml, for editors (yaml-language-server) to complete and validate. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configFileSchema, { io: 'input', unrepresentable: 'any' })
  withDefaults(schema as JsonSchema)
  return { ...schema, title: 'clerk-preflight configuration (.github/clerk-preflight.yml)' }
}
