import * as z from 'zod/mini'
import { configFileSchema } from '../src/settings/schema.js'

/** The JSON Schema of .github/clerk-preflight.yml, for editors (yaml-language-server) to complete and validate. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configFileSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'clerk-preflight configuration (.github/clerk-preflight.yml)',
  }
}
