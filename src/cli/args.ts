import { editDistance } from '../settings/errors.js'
import { ACTION_INPUTS } from '../settings/action-inputs.js'

/** Invalid usage: an unknown flag, a flag without its value, one given twice. Exit status 2. */
export class UsageError extends Error {}

export type Command =
  | { kind: 'help' }
  | { kind: 'check'; inputs: ReadonlyMap<string, string>; json: boolean }
  | { kind: 'merge'; files: string[] }

const INPUT_NAMES: ReadonlySet<string> = new Set(ACTION_INPUTS)

/** `--name value` or `--name=value` for each input of action.yml; `--json`; `--help`; `merge <files…>`. */
export function parseArgs(argv: readonly string[]): Command {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' }
  if (argv[0] === 'merge') {
    const files = argv.slice(1)
    const flag = files.find(f => f.startsWith('-'))
    if (flag) throw new UsageError(`merge takes report files only, not ${flag}`)
    if (files.length === 0)
      throw new UsageError('merge needs the report files to merge: clerk-preflight merge reports/*.json')
    return { kind: 'merge', files }
  }
  const inputs = new Map<string, string>()
  let json = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--json') {
      json = true
      continue
    }
    if (!arg.startsWith('--'))
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: inputs are --name value`)
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq < 0 ? undefined : eq)
    if (!INPUT_NAMES.has(name)) throw new UsageError(`unknown option --${name}${suggestion(name)}`)
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1)
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`)
    if (inputs.has(name)) throw new UsageError(`--${name} is given twice`)
    inputs.set(name, value)
  }
  return { kind: 'check', inputs, json }
}

/** The input whose name is nearest, when one is near: `--enviroment` → `--environment`. */
function suggestion(name: string): string {
  let best: { name: string; distance: number } | undefined
  for (const candidate of INPUT_NAMES) {
    const distance = editDistance(name, candidate)
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance }
  }
  return best ? `; did you mean --${best.name}?` : ' (see --help)'
}
