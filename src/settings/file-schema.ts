import * as z from 'zod/mini'
import {
  ENVIRONMENT_NAME,
  ENVIRONMENTS,
  FILE_FIELDS,
  SECTION_FIELDS,
  type ConfigFile,
  type Field,
  type Kind,
  type ValueOf,
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

/** Each field as an optional zod schema whose output is its reader's value, described for the JSON Schema. */
function shapeOf<Fields extends Record<string, Field<unknown>>>(
  fields: Fields,
): { [K in keyof Fields]: z.ZodMiniOptional<z.ZodMiniType<ValueOf<Fields[K]>>> } {
  return Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [
      name,
      z.optional(fromKind(f.kind).check(z.meta({ ...f.kind.json, description: f.description }))),
    ]),
  ) as unknown as { [K in keyof Fields]: z.ZodMiniOptional<z.ZodMiniType<ValueOf<Fields[K]>>> }
}

const environmentName = z
  .string()
  .check(z.regex(ENVIRONMENT_NAME, 'an environment name is letters, digits, "-", "_" or "."'))

const environmentSectionSchema = z.strictObject(shapeOf(SECTION_FIELDS))

export const configFileSchema = z.strictObject({
  ...shapeOf(FILE_FIELDS),
  environments: z.optional(
    z.record(environmentName, environmentSectionSchema).check(z.describe(ENVIRONMENTS.description)),
  ),
})

/** What the schema gives is what schema.ts declares the file to be, both ways (a compile-time check). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const DECLARED: Same<z.output<typeof configFileSchema>, ConfigFile> = true
void DECLARED
