import type { ApiAnswer, FrontendEnvironment } from '../clerk/api.js'
import type { InstanceConfigSchema } from '../clerk/platform-api.js'
import { displayUrl, quote } from '../web/hostname.js'
import {
  defineCheck,
  ATTEMPTS,
  type CheckTools,
  type Finding,
  type Inputs,
  type Needed,
  PRODUCTION_ONLY,
} from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'

/**
 * Social connections enabled in development must be set up again in production, with the app's own credentials:
 * development instances use Clerk's shared ones ("In production … you will need to provide your own"). Compared from
 * both instances' public Frontend APIs; with a Platform API key, each production connection's credentials are read as
 * `clerk deploy status` does (clerk/cli, packages/cli-core/src/commands/deploy/providers.ts:
 * buildOAuthProviderDescriptors, hasProviderRequiredCredentials): the fields come from Clerk's schema of
 * `connection_oauth_<provider>` (its writable string properties), the required ones are client_id and client_secret
 * where the schema has them, Apple's four by the CLI's own rule; a provider the schema cannot describe is not judged.
 */
const REQUIRED_OVERRIDES: Record<string, string[]> = {
  apple: ['client_id', 'team_id', 'key_id', 'client_secret'],
}
const DEFAULT_CREDENTIALS = ['client_id', 'client_secret']
/** Switches, not credentials. */
const SYSTEM_FIELDS = new Set(['enabled', 'authenticatable', 'block_email_subaddresses'])

export const oauthProvidersCheck = defineCheck({
  id: 'oauth.providers',
  title: 'Every social connection of development is set up in production, with its own credentials',
  doc: {
    subject: 'strategy (`oauth_github`)',
    verifies:
      "production: every social connection enabled in the development instance (`user_settings.social` of its public Frontend API) is enabled in production; the fix gives the redirect URI to register, `https://clerk.<domain>/v1/oauth_callback` (the proxy's when there is one, vercel.app's `/__clerk` included), and for Google the consent screen's \"In production\" status. With `platform-api-key`, each enabled connection must also have its own credentials, as Clerk's CLI `clerk deploy status` checks (`clerk/cli`, `commands/deploy/providers.ts`): the fields come from Clerk's schema of `connection_oauth_<provider>` (`GET …/config/schema?keys=`), `client_id` and `client_secret` where it has them, Apple's four by the CLI's rule; a provider the schema cannot describe is `skip`",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['live-checks', 'development-publishable-key'],
  uses: ['publishable-key', 'domain'],
  side: 'clerk',
  network: {
    // The development instance's Frontend API; with a Platform API key, the applications, then the configuration and
    // its schema.
    webExchanges: plan => ATTEMPTS + (plan.platformApiKey ? 3 : 0),
    dependentWebSteps: 1,
  },
  async run(inputs, tools) {
    const [development, production] = await Promise.all([
      tools.clerk.environmentAt(`https://${inputs.developmentPublishableKey.parsed.frontendApi}`),
      tools.clerk.liveEnvironment(),
    ])
    if (!development.ok) return [unreadable('development', development)]
    if (!production.ok) return [unreadable('production', production)]
    // A strategy's name is outside data: one that is not a plain name is quoted short.
    const enabledIn = (answer: FrontendEnvironment) =>
      Object.entries(answer.user_settings?.social ?? {})
        .filter(([, connection]) => connection?.enabled === true)
        .map(([strategy]) => (/^[a-z0-9_]{1,64}$/.test(strategy) ? strategy : quote(strategy)))
    const devEnabled = enabledIn(development.data)
    // Connect-only connections (`authenticatable: false`) have no sign-in button: clerk-js offers only the
    // authenticatable ones for signing in (packages/clerk-js/src/core/resources/UserSettings.ts).
    const connectOnly = new Set(
      Object.entries(development.data.user_settings?.social ?? {})
        .filter(([, connection]) => connection?.enabled === true && connection?.authenticatable === false)
        .map(([strategy]) => strategy),
    )
    const prodEnabled = new Set(enabledIn(production.data))
    if (devEnabled.length === 0) {
      return [
        {
          subject: 'social connections',
          status: 'pass',
          message: 'the development instance has no social connection enabled, so production needs none',
        },
      ]
    }
    const credentials = await productionCredentials(inputs.publishableKey, tools, devEnabled)
    return devEnabled.map(strategy =>
      judge(inputs, strategy, prodEnabled.has(strategy), credentials, connectOnly.has(strategy)),
    )
  },
})

type Credentials =
  { known: false; why: string } | { known: true; config: Record<string, unknown>; schema: InstanceConfigSchema }

async function productionCredentials(
  publishableKey: Needed['publishable-key'] | undefined,
  { platform }: CheckTools,
  strategies: readonly string[],
): Promise<Credentials> {
  if (!platform.enabled)
    return { known: false, why: 'without platform-api-key, whether each has its own credentials is not checked' }
  if (!publishableKey) {
    return {
      known: false,
      why: 'its credentials could not be read: the publishable key is missing or malformed (see keys.publishable)',
    }
  }
  const production = await platform.productionOf(publishableKey.value)
  if (!production.ok) return { known: false, why: `its credentials could not be read: ${production.detail}` }
  const { applicationId, instanceId } = production.data
  const [config, schema] = await Promise.all([
    platform.instanceConfig(applicationId, instanceId),
    platform.instanceConfigSchema(
      applicationId,
      instanceId,
      strategies.map(s => `connection_${s}`),
    ),
  ])
  if (!config.ok) return { known: false, why: `its credentials could not be read: ${config.detail}` }
  if (!schema.ok) return { known: false, why: `Clerk's schema of its credentials could not be read: ${schema.detail}` }
  return { known: true, config: config.data, schema: schema.data }
}

/** The credential fields Clerk's schema gives a provider, or undefined when it cannot describe them. */
function requiredFields(schema: InstanceConfigSchema, strategy: string): string[] | undefined {
  const provider = providerOf(strategy)
  const described = schema.properties?.[`connection_${strategy}`]
  if (described?.type !== 'object' || !described.properties) return undefined
  const fields = Object.entries(described.properties)
    .filter(([key, p]) => !SYSTEM_FIELDS.has(key) && !p.readOnly && p.type === 'string')
    .map(([key]) => key)
  const required = REQUIRED_OVERRIDES[provider] ?? DEFAULT_CREDENTIALS.filter(key => fields.includes(key))
  return required.length > 0 && required.every(key => fields.includes(key)) ? required : undefined
}

/** What the fix is written from: the proxy, else the domain. */
type Given = Inputs<never, 'domain'>

function redirectUri({ plan, domain }: Given): string {
  // Quoted without the proxy URL's credentials, were it to carry any.
  const proxy = plan.proxyUrl ?? plan.autoProxyUrl
  const base = proxy ? displayUrl(proxy).replace(/\/$/, '') : `https://clerk.${domain?.value ?? '<domain>'}`
  return `${base}/v1/oauth_callback`
}

function providerOf(strategy: string): string {
  return strategy.replace(/^oauth_(custom_)?/, '')
}

function judge(
  given: Given,
  strategy: string,
  enabledInProduction: boolean,
  credentials: Credentials,
  connectOnly = false,
): Finding {
  const provider = providerOf(strategy)
  const uri = redirectUri(given)
  const google =
    provider === 'google'
      ? ' In Google Cloud Console, also set the OAuth consent screen\'s publishing status to "In production": apps left in "Testing" admit 100 test users only.'
      : ''
  const setUp = `Create ${provider}'s OAuth app for production, register the redirect URI \`${uri}\`, and enter its client ID and secret in the Clerk dashboard (production instance → SSO connections → ${provider}).${google}`
  if (!enabledInProduction) {
    return {
      subject: strategy,
      status: 'fail',
      message: connectOnly
        ? `${strategy} is enabled in development but not in production: a connect-only connection (not offered for signing in), so users cannot connect their ${providerOf(strategy)} account in production, and what the app reads through it is missing`
        : `${strategy} is enabled in development but not in production: its sign-in button disappears, and users who signed up with it cannot sign in`,
      fix: setUp,
      evidence: { redirectUri: uri },
    }
  }
  if (!credentials.known) {
    return {
      subject: strategy,
      status: 'pass',
      message: `${strategy} is enabled in development and in production; ${credentials.why}`,
      evidence: { redirectUri: uri },
    }
  }
  const fields = requiredFields(credentials.schema, strategy)
  if (!fields) {
    return {
      subject: strategy,
      status: 'skip',
      message: `${strategy} is enabled in development and in production; Clerk's configuration schema does not describe its credentials, so whether production has its own was not checked`,
      evidence: { redirectUri: uri },
    }
  }
  const entry = credentials.config[`connection_${strategy}`]
  const present =
    typeof entry === 'object' &&
    entry !== null &&
    (entry as Record<string, unknown>).enabled === true &&
    fields.every(field => {
      const value = (entry as Record<string, unknown>)[field]
      return typeof value === 'string' && value.length > 0
    })
  if (!present) {
    return {
      subject: strategy,
      status: 'fail',
      message: `${strategy} is enabled in production without its own credentials (${fields.join(', ')}): production has no shared credentials to fall back on, so sign-in with ${provider} fails`,
      fix: setUp,
      evidence: { redirectUri: uri, required: fields },
    }
  }
  return {
    subject: strategy,
    status: 'pass',
    message: `${strategy} is enabled in production with its own credentials`,
    evidence: { redirectUri: uri },
  }
}

function unreadable(which: string, answer: Extract<ApiAnswer<unknown>, { ok: false }>): Finding {
  if (answer.runner) return runnerSideError('social connections', answer.runner)
  return {
    subject: 'social connections',
    status: 'error',
    message: `the ${which} instance's Frontend API could not be read: ${answer.detail}`,
  }
}
