import * as core from '../runner.js'
import { DEFAULT_CONFIG_PATH } from './config-model.js'
import { SECRET_KEY_VARIABLE, type Sourced } from './plan.js'
import { settingsShape } from './schema.js'

/** Where Clerk's SDKs and guides read the webhook signing secret from, newest name first. */
export const WEBHOOK_SECRET_VARIABLES = ['CLERK_WEBHOOK_SIGNING_SECRET', 'CLERK_WEBHOOK_SECRET'] as const

export interface ActionInputs {
  /** Non-empty setting inputs by name, as strings; validated by the planner. */
  settings: Record<string, string>
  configPath: string
  /** Named by the user: then a missing file is an error. */
  configExplicit: boolean
  secretKey?: Sourced<string>
  webhookSecret?: Sourced<string>
  githubToken?: string
}

/** The first of `names` that is set, named as the user knows it (the input's name, not INPUT_…). */
function firstSourced(env: Record<string, string | undefined>, names: readonly string[]): Sourced<string> | undefined {
  for (const name of names) {
    const value = rawValue(env, name)
    if (value !== undefined) return { value, source: name.startsWith('INPUT_') ? name.slice(6).toLowerCase() : name }
  }
  return undefined
}

function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Raw value of an input or variable, untrimmed: a stray newline in a secret is something to report, not to hide. */
function rawValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]
  return value !== undefined && value.trim() !== '' ? value : undefined
}

/**
 * Registers every secret the run can see with the runner's log masking. Called before anything else so that not
 * even an early crash can print one. Returns them for the output redactor.
 */
export function maskSecrets(env: Record<string, string | undefined>): string[] {
  const secrets = [
    rawValue(env, inputVariable('secret-key')),
    rawValue(env, SECRET_KEY_VARIABLE),
    rawValue(env, inputVariable('webhook-signing-secret')),
    ...WEBHOOK_SECRET_VARIABLES.map(name => rawValue(env, name)),
    rawValue(env, inputVariable('github-token')),
    rawValue(env, 'GITHUB_TOKEN'),
  ].filter((s): s is string => s !== undefined)
  const all = new Set<string>()
  for (const secret of secrets) {
    all.add(secret)
    all.add(secret.trim())
    // The part after a known prefix identifies the key as well as the whole does.
    const body = secret.trim().replace(/^(sk_live_|sk_test_|live_|test_|whsec_|ghs_|ghp_|github_pat_)/, '')
    if (body.length >= 8) all.add(body)
  }
  for (const secret of all) core.setSecret(secret)
  return [...all]
}

export function readInputs(env: Record<string, string | undefined> = process.env): ActionInputs {
  const settings: Record<string, string> = {}
  for (const name of [...Object.keys(settingsShape), 'environment']) {
    const value = rawValue(env, inputVariable(name))
    // Keys keep their whitespace so that it can be reported; everything else is trimmed as core.getInput does.
    if (value !== undefined) settings[name] = name === 'publishable-key' ? value : value.trim()
  }
  const configInput = rawValue(env, inputVariable('config'))?.trim()
  const secretInput = rawValue(env, inputVariable('secret-key'))
  const secretVariable = rawValue(env, SECRET_KEY_VARIABLE)
  return {
    githubToken: rawValue(env, inputVariable('github-token'))?.trim(),
    webhookSecret: firstSourced(env, [inputVariable('webhook-signing-secret'), ...WEBHOOK_SECRET_VARIABLES]),
    settings,
    configPath: configInput ?? DEFAULT_CONFIG_PATH,
    configExplicit: configInput !== undefined,
    secretKey: secretInput
      ? { value: secretInput, source: 'secret-key' }
      : secretVariable
        ? { value: secretVariable, source: SECRET_KEY_VARIABLE }
        : undefined,
  }
}
