import * as core from '@actions/core'
import { DEFAULT_CONFIG_PATH } from './defaults.js'
import { SECRET_KEY_VARIABLE, type Sourced } from './plan.js'
import { ACTION_INPUTS } from './action-inputs.js'
import type { ConfigProblem } from './errors.js'

/** Where Clerk's SDKs and guides read the webhook signing secret from, newest name first. */
export const WEBHOOK_SECRET_VARIABLES = ['CLERK_WEBHOOK_SIGNING_SECRET', 'CLERK_WEBHOOK_SECRET'] as const
/** Where Clerk's CLI reads the Platform API key from (clerk/cli, packages/cli-core/src/lib/plapi.ts). */
export const PLATFORM_API_KEY_VARIABLE = 'CLERK_PLATFORM_API_KEY'
/** The name Vercel gives the designated "Protection Bypass for Automation" secret in a deployment's variables. */
export const VERCEL_BYPASS_VARIABLE = 'VERCEL_AUTOMATION_BYPASS_SECRET'

/** The inputs read by name: the file, and the secrets (masked, never among the settings the plan validates). */
export const NAMED_INPUTS = [
  'config',
  'secret-key',
  'webhook-signing-secret',
  'platform-api-key',
  'vercel-protection-bypass',
  'github-token',
] as const

/** Every other input of action.yml is a setting, validated by the schema (an unknown one is a `config` failure). */
export const SETTING_INPUTS = ACTION_INPUTS.filter(name => !(NAMED_INPUTS as readonly string[]).includes(name))

export interface ActionInputs {
  /** Non-empty setting inputs by name, as strings; validated by the planner. */
  settings: Record<string, string>
  configPath: string
  /** Named by the user: then a missing file is an error. */
  configExplicit: boolean
  secretKey?: Sourced<string>
  webhookSecret?: Sourced<string>
  platformApiKey?: Sourced<string>
  vercelProtectionBypass?: Sourced<string>
  githubToken?: string
}

/** An input's raw value, untrimmed: a stray newline in a secret is something to report, not to hide. */
function input(name: string): string | undefined {
  return nonBlank(core.getInput(name, { trimWhitespace: false }))
}

function variable(env: Record<string, string | undefined>, name: string): string | undefined {
  return nonBlank(env[name])
}

const nonBlank = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value : undefined)

/** The input, else the first of the variables that is set, named as the user knows it. */
function firstSourced(
  env: Record<string, string | undefined>,
  inputName: string,
  variables: readonly string[],
): Sourced<string> | undefined {
  const value = input(inputName)
  if (value !== undefined) return { value, source: inputName }
  for (const name of variables) {
    const value = variable(env, name)
    if (value !== undefined) return { value, source: name }
  }
  return undefined
}

/**
 * Every secret the run can see, for the runner's log masking and the redactor: src/output.ts registers them before
 * anything else is written, so that not even an early crash can print one.
 */
export function secretsToMask(env: Record<string, string | undefined>): string[] {
  const secrets = [
    input('secret-key'),
    variable(env, SECRET_KEY_VARIABLE),
    input('webhook-signing-secret'),
    ...WEBHOOK_SECRET_VARIABLES.map(name => variable(env, name)),
    input('platform-api-key'),
    variable(env, PLATFORM_API_KEY_VARIABLE),
    input('vercel-protection-bypass'),
    variable(env, VERCEL_BYPASS_VARIABLE),
    input('github-token'),
    variable(env, 'GITHUB_TOKEN'),
  ]
    // A value too short to be a secret is refused (shortSecretProblems) and never quoted. Registered, it would have
    // the runner mask that text everywhere, and drop any step output that contains it: `status=fail` for an `f`.
    .filter((s): s is string => s !== undefined && s.trim().length >= MIN_SECRET_LENGTH)
  const all = new Set<string>()
  for (const secret of secrets) {
    all.add(secret)
    all.add(secret.trim())
    // The part after a known prefix identifies the key as well as the whole does.
    const body = secret.trim().replace(/^(sk_live_|sk_test_|live_|test_|whsec_|ak_|ghs_|ghp_|github_pat_)/, '')
    if (body.length >= 8) all.add(body)
  }
  return [...all]
}

export function readInputs(env: Record<string, string | undefined>): ActionInputs {
  const settings: Record<string, string> = {}
  for (const name of SETTING_INPUTS) {
    const value = input(name)
    // Keys keep their whitespace so that it can be reported; everything else is trimmed.
    if (value !== undefined) settings[name] = name === 'publishable-key' ? value : value.trim()
  }
  const configInput = input('config')?.trim()
  return {
    githubToken: input('github-token')?.trim(),
    webhookSecret: firstSourced(env, 'webhook-signing-secret', WEBHOOK_SECRET_VARIABLES),
    settings,
    configPath: configInput ?? DEFAULT_CONFIG_PATH,
    configExplicit: configInput !== undefined,
    secretKey: firstSourced(env, 'secret-key', [SECRET_KEY_VARIABLE]),
    platformApiKey: firstSourced(env, 'platform-api-key', [PLATFORM_API_KEY_VARIABLE]),
    vercelProtectionBypass: firstSourced(env, 'vercel-protection-bypass', [VERCEL_BYPASS_VARIABLE]),
  }
}

/**
 * Real secrets are long (a Clerk secret key about 50 characters, a signing secret 38 or more, a GitHub token 40). A
 * value much shorter is a mistake (a placeholder, a truncated paste, the wrong variable), and using it would be
 * worse than useless: as a needle for redaction it would blot out ordinary text. It is refused, never quoted.
 */
export const MIN_SECRET_LENGTH = 16

export function shortSecretProblems(inputs: ActionInputs): ConfigProblem[] {
  const token = inputs.githubToken ? { value: inputs.githubToken, source: 'github-token' } : undefined
  const named: Array<[Sourced<string> | undefined, string, string]> = [
    [
      inputs.secretKey,
      'a Clerk secret key (sk_live_… or sk_test_…)',
      'Copy the whole key from the API keys page of the Clerk dashboard into a GitHub secret and pass that.',
    ],
    [
      inputs.webhookSecret,
      'a webhook signing secret (whsec_…)',
      "Copy the whole signing secret from the webhook endpoint's page in the Clerk dashboard into a GitHub secret and pass that.",
    ],
    [
      inputs.platformApiKey,
      'a Clerk Platform API key (ak_…)',
      'Create a Platform API key in the Clerk dashboard (workspace settings), store it whole as a GitHub secret and pass that.',
    ],
    [
      inputs.vercelProtectionBypass,
      "Vercel's Protection Bypass for Automation secret",
      "In Vercel, open the project's Settings → Deployment Protection → Protection Bypass for Automation, create a secret, store it whole as a GitHub secret and pass that.",
    ],
    [
      token,
      'a GitHub token',
      "Remove the input to use the job's own token, or pass a whole token from a GitHub secret.",
    ],
  ]
  const bypass = inputs.vercelProtectionBypass
  // Sent as a header value as it is: a space, line break or non-ASCII character inside it would not survive as one.
  const unsendable: ConfigProblem[] =
    bypass && bypass.value.trim().length >= MIN_SECRET_LENGTH && !/^[\x21-\x7e]+$/.test(bypass.value.trim())
      ? [
          {
            subject: bypass.source,
            field: bypass.source,
            problem:
              'holds a space, a line break or a non-ASCII character inside it, which an HTTP header cannot carry; it was not used',
            fix: 'Copy the secret again from Vercel (Settings → Deployment Protection → Protection Bypass for Automation): it is letters and digits only.',
          },
        ]
      : []
  return [
    ...unsendable,
    ...named.flatMap(([secret, what, fix]) => {
      if (!secret) return []
      const length = secret.value.trim().length
      if (length >= MIN_SECRET_LENGTH) return []
      const chars = `${length} character${length === 1 ? '' : 's'}`
      return [
        {
          subject: secret.source,
          field: secret.source,
          problem: `is ${chars} long, too short to be ${what}; it was not used`,
          fix,
        },
      ]
    }),
  ]
}
