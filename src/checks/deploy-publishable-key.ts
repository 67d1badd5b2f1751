import { KEY_PREFIXES, type PublishableKey } from '../clerk/keys.js'
import { displayUrl } from '../web/hostname.js'
import type { HttpClient } from '../web/http-client.js'
import type { PageFetch } from '../web/page-fetch.js'
import { defineCheck, EVERY_INSTANCE } from './shared/check.js'
import { runnerSideError } from './shared/runner-side.js'
import { type Bypass, bypassHeaders, protectedFinding, type Protection } from '../web/deployment-protection.js'

/** How much of the deployed app is read: the page and its first scripts, each up to a bound, at once. */
export const MAX_SCRIPTS = 8
export const MAX_SCRIPT_BYTES = 2 * 2 ** 20

interface Shipped {
  key: string
  parsed: PublishableKey
  /** Where it was found, as URLs may be shown. */
  where: string[]
}

export const deployPublishableKeyCheck = defineCheck({
  id: 'deploy.publishable-key',
  title: 'The deployed app ships the publishable key this environment needs',
  doc: {
    subject: 'the page URL',
    verifies:
      'the publishable key(s) the deployed app ships, in its HTML or the first 8 same-origin scripts it loads (a `data-clerk-publishable-key` attribute, a key a bundler inlined, a key in a Next.js RSC payload): of the instance type the environment needs (`fail`: "update the hosting provider\'s variable and redeploy") and equal to the configured key (`fail`: "built with another key"); the message says where each was found. None found is a `warn` in production and a `skip` elsewhere, never a `pass`. Stripe\'s `pk_live_` keys do not count: only what decodes as a Clerk key does',
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['url', 'live-checks'],
  uses: ['publishable-key'],
  side: 'app',
  // The page (shared with csp), then its scripts.
  network: { readsPage: true, webExchanges: () => MAX_SCRIPTS, dependentWebSteps: 1 },
  async run({ plan, url, publishableKey }, { http, fetchPage }) {
    const subject = displayUrl(url)
    const bypass = { ...plan, appUrl: url }
    const page = await fetchPage(url)
    if (!page.ok && page.runner) return [runnerSideError(subject, page.detail)]
    const read = await readApp(http, bypass, page)
    if (!read.ok) return [{ subject, status: 'error', message: read.detail }]
    if (read.protection) return [protectedFinding(bypass, subject, read.protection, 'the key it ships')]
    const evidence: Record<string, unknown> = { read: read.read, ...(read.left ? { notRead: read.left } : {}) }
    const shipped = read.keys
    if (shipped.length === 0) {
      const production = plan.environment.instanceType === 'production'
      return [
        {
          subject,
          status: production ? 'warn' : 'skip',
          message: `no Clerk publishable key found in ${subject} or the ${read.read.length - 1} same-origin script${read.read.length === 2 ? '' : 's'} read${read.left ? ` (${read.left} more not read)` : ''}: which key the deployed app uses is not known`,
          ...(production
            ? {
                fix: 'Point `url` at a page that loads Clerk (the sign-in page, for one); a key loaded only by a lazy chunk is not found.',
              }
            : {}),
          evidence,
        },
      ]
    }
    evidence.keys = shipped.map(s => ({
      prefix: s.parsed.prefix,
      instanceType: s.parsed.instanceType,
      frontendApi: s.parsed.frontendApi,
      where: s.where,
    }))
    const needed = plan.environment.instanceType
    const wrongType = shipped.filter(s => s.parsed.instanceType !== needed)
    if (wrongType.length > 0) {
      const first = wrongType[0] as Shipped
      return [
        {
          subject,
          status: 'fail',
          message: `the deployed app ships a ${first.parsed.prefix} key of a ${first.parsed.instanceType} instance (Frontend API ${first.parsed.frontendApi}, found in ${first.where.join(', ')}), but ${plan.environment.name} needs a ${needed} instance (${KEY_PREFIXES[needed].publishable}…)`,
          fix: `Set the ${needed} instance's publishable key in the hosting provider's environment variables for ${plan.environment.name}, and redeploy: a build keeps the key it was built with.`,
          evidence,
        },
      ]
    }
    const configured = publishableKey?.value.trim()
    const other = configured ? shipped.filter(s => s.key !== configured) : []
    if (other.length > 0 && publishableKey) {
      const first = other[0] as Shipped
      return [
        {
          subject,
          status: 'fail',
          message: `the deployed app was built with another key: it ships one for ${first.parsed.frontendApi} (found in ${first.where.join(', ')}), and ${publishableKey.source} holds one for ${publishableKey.parsed.frontendApi}`,
          fix: `Update the publishable key in the hosting provider's environment variables to the one ${publishableKey.source} holds, and redeploy.`,
          evidence,
        },
      ]
    }
    const first = shipped[0] as Shipped
    return [
      {
        subject,
        status: 'pass',
        message: `the deployed app ships ${configured ? 'the configured' : `a ${needed}`} key (Frontend API ${first.parsed.frontendApi}, found in ${first.where.join(', ')})`,
        evidence,
      },
    ]
  },
})

type AppRead =
  | { ok: true; keys: Shipped[]; read: string[]; left: number; protection?: undefined }
  | { ok: true; protection: Protection }
  | { ok: false; detail: string }

/**
 * The page (the run's one read of it), then its first same-origin scripts at once, each bounded; every Clerk key in
 * them and where.
 */
async function readApp(http: HttpClient, bypass: Bypass, page: PageFetch): Promise<AppRead> {
  if (!page.ok) return { ok: false, detail: `could not read the deployed app: ${page.detail}` }
  if (page.protection) return { ok: true, protection: page.protection }
  if (page.status >= 400)
    return { ok: false, detail: `the deployed app answered ${page.status} at ${displayUrl(page.url)}` }
  const { findPublishableKeys, sameOriginScripts } = await import('../web/shipped-keys.js')
  const scripts = sameOriginScripts(page.body, page.url)
  const chosen = scripts.slice(0, MAX_SCRIPTS)
  const bodies = await Promise.all(
    chosen.map(async script => {
      const answer = await http.request(script, {
        originHeaders: bypassHeaders(bypass, script),
        maxBytes: MAX_SCRIPT_BYTES,
        followRedirects: true,
      })
      return answer.ok && answer.status < 400 ? answer.body : ''
    }),
  )
  const found = new Map<string, Shipped>()
  const texts: Array<[string, string]> = [
    [displayUrl(page.url), page.body],
    ...chosen.map((s, i): [string, string] => [displayUrl(s), bodies[i] ?? '']),
  ]
  for (const [where, text] of texts) {
    for (const { key, parsed } of findPublishableKeys(text)) {
      const entry = found.get(key) ?? { key, parsed, where: [] }
      if (!entry.where.includes(where)) entry.where.push(where)
      found.set(key, entry)
    }
  }
  return {
    ok: true,
    keys: [...found.values()],
    read: texts.map(([where]) => where),
    left: scripts.length - chosen.length,
  }
}
