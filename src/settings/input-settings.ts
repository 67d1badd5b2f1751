import { unknownKeyFix, valueFix, type ConfigProblem } from './errors.js'
import { INPUT_FIELDS, type Settings } from './schema.js'

/**
 * Reads the setting inputs given (strings), each with its field's reader: the settings, or every problem, in the order
 * schema.ts declares the settings (`environment` last), a name that is no setting's after them. No validation library
 * is loaded for it (schema.ts says why).
 */
export function readInputSettings(
  inputs: Record<string, string>,
): { ok: true; settings: Settings } | { ok: false; problems: ConfigProblem[] } {
  const settings: Record<string, unknown> = {}
  const problems: ConfigProblem[] = []
  for (const [name, field] of Object.entries(INPUT_FIELDS)) {
    if (!Object.hasOwn(inputs, name)) continue
    const reading = field.kind.read(inputs[name])
    if (reading.ok) {
      settings[name] = reading.value
      continue
    }
    for (const issue of reading.issues) {
      const path = [name, ...issue.path]
      problems.push({ subject: name, field: path.join('.'), problem: issue.message, fix: valueFix(path, 'input') })
    }
  }
  for (const name of Object.keys(inputs)) {
    if (!Object.hasOwn(INPUT_FIELDS, name))
      problems.push({ subject: name, field: name, ...unknownKeyFix(name, 'input') })
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings: settings as Settings }
}
