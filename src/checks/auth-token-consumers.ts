import type { ApiAnswer, ClerkApi, JsonWebKey } from '../clerk/api.js'
import { judgeIssuer, looksLikeClerkIssuer, type ExpectedIssuer, type IssuerVerdict } from '../clerk/issuer.js'
import { parseJwtKey, sameKeyIn } from '../clerk/jwt-key.js'
import type { PublishableKey } from '../clerk/keys.js'
import { TOKEN_VARIABLES } from '../settings/plan.js'
import {
  resolvedValue,
  scanTokenSettings,
  type ConfigFileSettings,
  type IssuerSetting,
} from '../settings/token-settings-scan.js'
import { quote } from '../web/hostname.js'
import { defineCheck, ATTEMPTS, EVERY_INSTANCE, type CheckPlan, type Finding } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'

type Plan = CheckPlan

/** The variables that name an issuer or a JWKS URL; the rest of TOKEN_VARIABLES hold the PEM public key. */
const ISSUER_VARIABLES = TOKEN_VARIABLES.filter(name => !name.endsWith('JWT_KEY'))
const KEY_VARIABLES = TOKEN_VARIABLES.filter(name => name.endsWith('JWT_KEY'))

/** How each verifier's file is set up, and where its settings are changed (for the fix). */
interface Consumer {
  kind: 'variable' | 'convex' | 'supabase'
  subject: string
}

export const authTokenConsumersCheck = defineCheck({
  id: 'auth.token-consumers',
  title: "Whatever verifies this instance's session tokens points at this instance",
  doc: {
    subject: 'variable or file',
    verifies:
      "the issuer and JWKS settings found in the runner's environment (`CLERK_JWT_ISSUER_DOMAIN` and `CLERK_FRONTEND_API_URL` as Convex's and Clerk's Convex guides name them, `CLERK_ISSUER_URL`, `CLERK_JWKS_URL`) and in the workspace (Convex's `convex/auth.config.*` `domain`, or a custom JWT provider's `issuer` and `jwks`: docs.convex.dev/config/auth.config.ts; Supabase's `[auth.third_party.clerk]` `domain` in `supabase/config.toml`, whose issuer is `https://<domain>`: supabase/cli `pkg/config/auth.go`) name the Frontend API of the publishable key's instance, or its proxy: Clerk names it as its session tokens' issuer (clerk-docs `guides/sessions/session-tokens.mdx`), and a verifier set up for another instance refuses every token of this one. A development instance's host in production, or another instance's, is `fail`; in `supabase/config.toml`, which the Supabase CLI uses for local development and `supabase config push`, a `warn`; a setting read from a variable this run does not have is `skip`. `CLERK_JWT_KEY` / `NEXT_PUBLIC_CLERK_JWT_KEY`, when set, is one of the instance's signing keys (clerk-docs `guides/sessions/manual-jwt-verification.mdx`): compared with its JWKS from the Backend API (`GET /v1/jwks`, with the secret key) or, without it and with the live checks, the `/.well-known/jwks.json` of the Frontend API the publishable key names (never `proxy-url`, which the configuration file may set: a proxy could answer another instance's keys)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['publishable-key'],
  uses: ['clerk-api', 'live-checks'],
  side: 'clerk',
  network: {
    webExchanges: plan => (KEY_VARIABLES.some(name => plan.tokenVariables[name]) ? ATTEMPTS : 0),
  },
  async run({ plan, publishableKey, clerkApi, liveChecks }, { clerk }) {
    const expected = expectedIssuer(plan, publishableKey.parsed)
    const scan = scanTokenSettings(plan.workspace)
    const findings: Finding[] = [
      ...ISSUER_VARIABLES.flatMap(name => {
        const value = plan.tokenVariables[name]
        return value === undefined ? [] : [issuerFinding({ kind: 'variable', subject: name }, value, expected, plan)]
      }),
      ...scan.convex.flatMap(file => fileFinding({ kind: 'convex', subject: file.file }, file, expected, plan)),
      ...scan.supabase.flatMap(file => fileFinding({ kind: 'supabase', subject: file.file }, file, expected, plan)),
      ...(await keyFindings(plan, keySource(clerk, clerkApi, liveChecks))),
    ]
    if (findings.length > 0) return findings
    return [
      {
        subject: 'token verifiers',
        status: 'skip',
        message: `no token verifier settings found: none of ${TOKEN_VARIABLES.join(', ')} is set, and the workspace has no convex/auth.config.* or supabase/config.toml with [auth.third_party.clerk]`,
      },
    ]
  },
})

function expectedIssuer(plan: Plan, parsed: PublishableKey): ExpectedIssuer {
  const proxy = plan.proxyUrl ?? plan.autoProxyUrl
  return { frontendApi: parsed.frontendApi, proxyUrl: proxy?.replace(/\/+$/, '') }
}

/** What the fix says to write: the issuer URL, or Supabase's bare host. */
function wanted(consumer: Consumer, expected: ExpectedIssuer): string {
  return consumer.kind === 'supabase' ? expected.frontendApi : `https://${expected.frontendApi}`
}

function fixFor(consumer: Consumer, expected: ExpectedIssuer, instanceType: string, field = 'domain'): string {
  const value = wanted(consumer, expected)
  const proxy = expected.proxyUrl && consumer.kind !== 'supabase' ? ` (or the proxy, ${expected.proxyUrl})` : ''
  if (consumer.kind === 'convex')
    return `Point \`${field}\` in ${consumer.subject} at ${value}${proxy}, where the ${instanceType} deployment reads it (a variable set on the Convex deployment, or the file), then deploy Convex again.`
  if (consumer.kind === 'supabase')
    return `Set \`domain = "${value}"\` under [auth.third_party.clerk] in ${consumer.subject} for this environment (Supabase: Authentication → Third-party auth on the project this environment uses).`
  return `Set ${consumer.subject} to ${value}${proxy} where this environment's servers read it (the value Clerk's dashboard shows as Issuer on the ${instanceType} instance).`
}

/** One setting's value judged against the instance: the verdict's words, with the status a mismatch gets. */
export function issuerFinding(
  consumer: Consumer,
  value: string,
  expected: ExpectedIssuer,
  plan: Plan,
  field?: IssuerSetting,
): Finding {
  const verdict = judgeIssuer(value, expected)
  const where = field ? `${consumer.subject}:${field.line} (\`${field.field}\`)` : consumer.subject
  const instanceType = plan.environment.instanceType
  const evidence = {
    value: quote(value, 200),
    expected: [`https://${expected.frontendApi}`, ...(expected.proxyUrl ? [expected.proxyUrl] : [])],
  }
  if (verdict.kind === 'this' || verdict.kind === 'backend') {
    return {
      subject: consumer.subject,
      status: 'pass',
      message:
        verdict.kind === 'this'
          ? `${where} names this instance's issuer (${verdict.shown})`
          : `${where} names Clerk's Backend API JWKS, which serves the keys of the secret key's instance`,
      evidence,
    }
  }
  const mismatch = consumer.kind === 'supabase' && instanceType === 'production' ? 'warn' : 'fail'
  return {
    subject: consumer.subject,
    status: mismatch,
    message: mismatchMessage(where, verdict, expected, instanceType, consumer),
    fix: fixFor(consumer, expected, instanceType, field?.field),
    evidence,
  }
}

function mismatchMessage(
  where: string,
  verdict: Exclude<IssuerVerdict, { kind: 'this' | 'backend' }>,
  expected: ExpectedIssuer,
  instanceType: string,
  consumer: Consumer,
): string {
  const refused = `it refuses every session token of this ${instanceType} instance, whose issuer is https://${expected.frontendApi}`
  const local =
    consumer.kind === 'supabase'
      ? ' (the Supabase CLI uses this file for local development, and `supabase config push` sends it to the project)'
      : ''
  if (verdict.kind === 'invalid') return `${where} is not an issuer URL or host: ${refused}`
  const whose =
    verdict.kind === 'development'
      ? instanceType === 'production'
        ? "a development instance's Frontend API"
        : "another development instance's Frontend API"
      : 'another Frontend API'
  return `${where} names ${whose} (${verdict.shown})${local}: ${refused}`
}

/**
 * A verifier's file: `pass` when one of its Clerk issuers is this instance's (a file may list the development and the
 * production instance side by side), else each Clerk issuer it names judged; settings read from a variable the run
 * does not have are `skip`.
 */
export function fileFinding(
  consumer: Consumer,
  file: ConfigFileSettings,
  expected: ExpectedIssuer,
  plan: Plan,
): Finding[] {
  if (file.enabled === false) {
    return [
      {
        subject: consumer.subject,
        status: 'skip',
        message: `${consumer.subject}: [auth.third_party.clerk] has enabled = false`,
      },
    ]
  }
  const resolved = file.settings.flatMap(setting => {
    const value = resolvedValue(setting.value, plan.tokenVariables)
    return value === undefined ? [] : [{ setting, value }]
  })
  const clerkIssuers = resolved.filter(r => looksLikeClerkIssuer(r.value, expected))
  const own = clerkIssuers.find(r => judgeIssuer(r.value, expected).kind === 'this')
  if (own) return [issuerFinding(consumer, own.value, expected, plan, own.setting)]
  if (clerkIssuers.length > 0) return clerkIssuers.map(r => issuerFinding(consumer, r.value, expected, plan, r.setting))
  const unread = file.settings.filter(s => resolvedValue(s.value, plan.tokenVariables) === undefined)
  if (unread.length === 0) return []
  return [
    {
      subject: consumer.subject,
      status: 'skip',
      message: `${consumer.subject} reads its issuer from ${unread.map(describeUnread).join(', ')}, which this run does not have: pass the variable to the step (env:) to have it judged`,
    },
  ]
}

function describeUnread(setting: IssuerSetting): string {
  const v = setting.value
  const from = 'variable' in v ? v.variable : 'expression' in v ? `the expression ${quote(v.expression, 60)}` : ''
  return `\`${setting.field}\` (line ${setting.line}: ${from})`
}

/**
 * Where the instance's key set is read: the Backend API with the secret key, else, with the live checks, what every
 * verifier fetches (the JWKS of the Frontend API the publishable key names, never a proxy); undefined when neither may
 * be asked.
 */
function keySource(
  clerk: ClerkApi,
  clerkApi?: true,
  liveChecks?: true,
): (() => Promise<ApiAnswer<JsonWebKey[]>>) | undefined {
  if (clerkApi) return () => clerk.jwks()
  return liveChecks ? () => clerk.frontendJwks() : undefined
}

/** CLERK_JWT_KEY and its public twin, each compared with the instance's key set (asked once for both). */
async function keyFindings(
  plan: Plan,
  source: (() => Promise<ApiAnswer<JsonWebKey[]>>) | undefined,
): Promise<Finding[]> {
  const set = KEY_VARIABLES.filter(name => plan.tokenVariables[name] !== undefined)
  if (set.length === 0) return []
  const keys = source?.()
  return Promise.all(set.map(name => keyFinding(name, plan.tokenVariables[name] as string, keys, plan)))
}

async function keyFinding(
  name: string,
  value: string,
  keys: Promise<ApiAnswer<JsonWebKey[]>> | undefined,
  plan: Plan,
): Promise<Finding> {
  const instanceType = plan.environment.instanceType
  const fix = `Copy the PEM public key of the ${instanceType} instance (Clerk dashboard → API keys → JWT public key → PEM Public Key) into ${name} where this environment's servers read it.`
  const parsed = await parseJwtKey(value)
  if (!parsed.ok) return { subject: name, status: 'fail', message: `${name} ${parsed.problem}`, fix }
  if (!keys) {
    return {
      subject: name,
      status: 'skip',
      message: `${name} could not be compared with the instance's keys: Clerk's APIs were not asked (${plan.clerkApi === 'false' ? 'clerk-api is false' : 'no secret key'}), and the live checks are off`,
    }
  }
  const answer = await keys
  if (!answer.ok && answer.runner) return runnerSideError(name, answer.runner)
  if (!answer.ok) {
    return {
      subject: name,
      status: answer.kind === 'disabled' ? 'skip' : 'error',
      message: `could not read the instance's signing keys to compare ${name} with (${answer.detail})`,
    }
  }
  const kids = answer.data.map(k => k.kid ?? '(no kid)')
  const same = sameKeyIn(parsed.key, answer.data)
  if (same) {
    return {
      subject: name,
      status: 'pass',
      message: `${name} is this instance's signing key${same.kid ? ` (${quote(same.kid, 60)})` : ''}`,
      evidence: { instanceKeys: kids },
    }
  }
  return {
    subject: name,
    status: 'fail',
    message: `${name} is not one of this ${instanceType} instance's signing keys (${kids.map(k => quote(k, 60)).join(', ') || 'none listed'}): networkless verification with it refuses every session token of this instance (it is another instance's key, often the development one's)`,
    fix,
    evidence: { instanceKeys: kids },
  }
}
