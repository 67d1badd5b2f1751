import type { ClerkApi } from '../../clerk/api.js'
import type { InstanceType, PublishableKey, SecretKey } from '../../clerk/keys.js'
import type { PlatformApi } from '../../clerk/platform-api.js'
import type { DnsClient } from '../../dns/client.js'
import type { HttpClient } from '../../web/http-client.js'
import type { PageFetch } from '../../web/page-fetch.js'
import type { GivenKey, Plan, Sourced } from '../../settings/plan.js'
import type { CheckResult } from '../../report/model.js'

/**
 * The vocabulary of a check: what it declares, what it is handed, what it returns. Checks import this and the rules
 * and I/O they judge with (dns/, web/, clerk/), never the runner: the runner imports them.
 */

/** What a check says about one subject; the runner adds the check's id and title. */
export type Finding = Omit<CheckResult, 'id' | 'title'>

/**
 * What a check needs from the plan before it can say anything. Without it the runner skips the check with the need's
 * own wording (./needs.ts), so that every check says the same thing for the same missing input; with it, the runner
 * hands the check the need's value, parsed (`Needed`).
 */
export type Need =
  | 'publishable-key'
  | 'secret-key'
  | 'development-publishable-key'
  | 'domain'
  | 'proxy-url'
  | 'frontend-api'
  | 'url'
  | 'app-origins'
  | 'allowed-origins'
  | 'satellites'
  | 'webhook-url'
  | 'webhook-signing-secret'
  | 'platform-api-key'
  | 'two-dns-servers'
  | 'clerk-api'
  | 'live-checks'

/** A key that parsed: the value given, where it came from, and what it says. */
export type ParsedKey<P> = GivenKey<P> & { parsed: P }

/** What the runner hands a check for each need it declared: present, parsed, of the right type. */
export interface Needed {
  /** The publishable key, well formed (its instance type and Frontend API host in `parsed`). */
  'publishable-key': ParsedKey<PublishableKey>
  'secret-key': ParsedKey<SecretKey>
  /** The development instance's publishable key, well formed and a development one's. */
  'development-publishable-key': ParsedKey<PublishableKey>
  /** The production domain (`example.com`). */
  domain: Sourced<string>
  /** The Frontend API proxy's URL (`proxy-url`). */
  'proxy-url': string
  /** The Frontend API's base URL the checks ask: the proxy's, or the publishable key's host. */
  'frontend-api': string
  /** The deployed build's URL. */
  url: string
  /** The app's origins, at least one. */
  'app-origins': Sourced<string[]>
  /** The extension and native origins the instance must allow (`allowed-origins`), at least one, each as browsers send it. */
  'allowed-origins': Sourced<string[]>
  /** The satellite domains, at least one. */
  satellites: string[]
  'webhook-url': string
  'webhook-signing-secret': Sourced<string>
  'platform-api-key': Sourced<string>
  /** The DNS servers to compare, two or more. */
  'two-dns-servers': string[]
  /** Conditions, with nothing more to hand over than that they hold. */
  'clerk-api': true
  'live-checks': true
}

/** `app-origins` → `appOrigins`: the name a need's value has in what a check is handed. */
export type InputName<N extends string> = N extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<InputName<Tail>>}`
  : N

/**
 * The plan fields the needs hand over: a check reads them only through what it declared (`needs`, or `uses` for one it
 * can do without), so what it reads is what the reference says it needs. The keys stay, as given with what their
 * parsing found, for the checks that judge them (keys.publishable, keys.secret).
 */
type HandedOver =
  | 'domain'
  | 'url'
  | 'appOrigins'
  | 'allowedOrigins'
  | 'webhookUrl'
  | 'webhookSecret'
  | 'platformApiKey'
  | 'developmentPublishableKey'
  | 'frontendApiUrl'
  | 'keyFrontendApiUrl'

/** The plan as a check sees it: the settings that no need hands over. */
export type CheckPlan = Omit<Plan, HandedOver>

/**
 * What `run` is handed: the plan, each declared need's value (required), and each used one's when it is met (else
 * undefined). A check can name only what it declared: `inputs.domain` does not compile without `domain` among them.
 */
export type Inputs<N extends Need = never, U extends Need = never> = { plan: CheckPlan } & {
  [K in N as InputName<K>]: Needed[K]
} & { [K in U as InputName<K>]?: Needed[K] }

/**
 * Which side of a deploy a check judges. `app`: what the deployed app itself does (its page, its shipped key, its
 * webhook route), which the deploy being gated changes. `clerk`: Clerk's instance, its DNS and certificates, the keys
 * and settings given, none of which a deploy of the app changes.
 */
export type Side = 'app' | 'clerk'

/**
 * The most network work a check can do in one run, for the worst case (src/runner/worst-case.ts). A question or
 * exchange several checks share is asked once per run, so the sum over checks is an upper bound.
 */
export interface NetworkWork {
  /**
   * DNS questions, on all servers together. A CAA question, also asked over TCP alongside (for its TC bit), holds two
   * of the server's slots at once and counts twice; a CNAME found empty is asked over TCP after, within its deadline.
   */
  dnsQuestions?(plan: Plan): number
  /** Where they go: all to the first server (the default), or the same share to each server. */
  dnsServers?: 'first' | 'each'
  /** Whether it reads the deployed page (`url`): one exchange, however many checks read it (they share it). */
  readsPage?: boolean
  /** Web exchanges (HTTP requests and TLS handshakes) besides the page, each within its deadline. */
  webExchanges?(plan: Plan): number
  /** Exchanges that can start only once an earlier one has answered (a page's scripts after the page). */
  dependentWebSteps?: number
  /** Time it waits on purpose between exchanges (Clerk's DNS re-check). */
  waitsMs?(plan: Plan): number
}

/** What the generated reference (docs/checks.md) says of a check: its subject and its rules, with their sources. */
export interface CheckDoc {
  subject: string
  verifies: string
}

/**
 * One concern, one module: it declares when it applies and what it needs, is handed what it declared, returns
 * findings. A check does not print, does not know about GitHub, does not test its own declarations (the runner skips
 * it when they are not met), and does not throw for bad input (the runner turns an unexpected throw into an `error`).
 */
export interface Check<Id extends string = string, N extends Need = Need, U extends Need = Need> {
  id: Id
  title: string
  doc: CheckDoc
  /** The instance types the environment may need for the check to apply; elsewhere the runner skips it. */
  appliesTo: readonly InstanceType[]
  /** What it cannot run without: unmet, the runner skips it in the need's wording. */
  needs: readonly N[]
  /** What it reads when the plan has it, and runs without (handed over as undefined). */
  uses?: readonly U[]
  side: Side
  network: NetworkWork
  run(inputs: Inputs<N, U>, tools: CheckTools): Finding[] | Promise<Finding[]>
}

/** A check, with what `run` is handed typed from its `needs` and `uses`. */
export function defineCheck<const Id extends string, const N extends Need = never, const U extends Need = never>(
  check: Check<Id, N, U>,
): Check<Id, N, U> {
  return check
}

/** Every timed exchange (a DNS question, a call to Clerk) is tried at most twice. */
export const ATTEMPTS = 2

/** Both instance types, for checks that apply everywhere. */
export const EVERY_INSTANCE: readonly InstanceType[] = ['production', 'development']
export const PRODUCTION_ONLY: readonly InstanceType[] = ['production']

/** The I/O a check may use, shared by all checks of a run so that no question is asked twice (src/runner/tools.ts). */
export interface CheckTools {
  dns: DnsClient
  /** Every web exchange: pages, scripts, Clerk's APIs, certificates, the webhook endpoint. */
  http: HttpClient
  clerk: ClerkApi
  platform: PlatformApi
  /** The deployed page, fetched once per URL and run: every check that reads it (policy, keys, scripts) shares it. */
  fetchPage(url: string): Promise<PageFetch>
}
