import * as z from 'zod/mini'
import {
  ENVIRONMENT_NAME,
  ENVIRONMENTS,
  FILE_FIELDS,
  SECTION_FIELDS,
  type ConfigFile,
  type Field,
  type Kind,
} from './schema.js'

/**
 * The configuration file's schema, in zod: the file's structure (which keys a map may hold, the environments' names),
 * each value read by its field's own reader (src/settings/schema.ts), described for the JSON Schema. Loaded with the
 * YAML parser, only in a run that has a file.
 */

/** A kind as a zod schema: its reader's issues become zod's, at their place in the value. */
function fromKind<T>(kind: Kind<T>) {
  return z.pipe(
    z.unknown(),
    z.transform((value: unknown, ctx): T => {
      const reading = kind.read(value)
      if (reading.ok) return reading.value
      for (const issue of reading.issues)
        ctx.issues.push({ code: 'custom', message: issue.message, input: value, path: issue.path })
      return z.NEVER
    }),
  )
}

function shapeOf(fields: Record<string, Field<unknown>>) {
  return Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [
      name,
      z.optional(fromKind(f.kind).check(z.meta({ ...f.kind.json, description: f.description }))),
    ]),
  )
}

const environmentName = z
  .string()
  .check(z.regex(ENVIRONMENT_NAME, 'an environment name is letters, digits, "-", "_" or "."'))

const environmentSectionSchema = z.strictObject(shapeOf(SECTION_FIELDS))

/** Typed as schema.ts declares the file: each value is its reader's. */
export const configFileSchema: z.ZodMiniType<ConfigFile> = z.strictObject({
  ...shapeOf(FILE_FIELDS),
  environments: z.optional(
    z.record(environmentName, environmentSectionSchema).check(z.describe(ENVIRONMENTS.description)),
  ),
})
