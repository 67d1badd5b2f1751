import { isLocalHost } from '../web/hostname.js'
import { findClerkCalls } from '../settings/workspace-scan.js'
import { type CheckPlan, defineCheck, EVERY_INSTANCE, type Finding } from './shared/check.js'

/** Why an entry is not an exact origin, and the origin it should have been when that can be told. */
export function originProblem(entry: string): { problem: string; corrected?: string } | undefined {
  if (entry.includes('*')) return { problem: 'has a wildcard, which Clerk does not expand: list each origin' }
  let url: URL
  try {
    url = new URL(entry)
  } catch {
    return { problem: 'is not an origin like https://example.com' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'is not an http(s) origin' }
  if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {
    return { problem: 'uses http://, which is only for localhost', corrected: `https://${url.host}` }
  }
  if (entry !== url.origin) {
    const what =
      url.pathname !== '/' || url.search || url.hash
        ? 'has a path'
        : entry.endsWith('/')
          ? 'has a trailing slash'
          : 'is not written the way browsers send it'
    return { problem: `${what}: Clerk compares the exact origin (${url.origin})`, corrected: url.origin }
  }
  return undefined
}

/** The list this check corrects, and where the corrected one goes. */
const LIST = {
  name: 'authorizedParties',
  apply:
    'Pass this list to `clerkMiddleware()` / `authenticateRequest()`, and the same list as the `authorized-parties` input:',
}

export const authAuthorizedPartiesCheck = defineCheck({
  id: 'auth.authorized-parties',
  title: 'authorizedParties lists every origin that serves the app',
  doc: {
    subject: 'app origin or list entry',
    verifies:
      "entries are exact origins (`https://host[:port]`; no path, trailing slash or wildcard; `http://` only for localhost), every app origin is listed, and a production instance has a list at all; each problem comes with the corrected list. Where the workspace holds the app's code, `clerkMiddleware(` / `authenticateRequest(` calls in files that never mention `authorizedParties` warn (a heuristic; subject `file:line`)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: [],
  uses: ['app-origins'],
  side: 'clerk',
  network: {},
  async run({ plan, appOrigins }) {
    return [...listFindings(plan, appOrigins?.value ?? []), ...(await codeFindings(plan))]
  },
})

function listFindings(plan: CheckPlan, appOrigins: string[]): Finding[] {
  const list = plan.authorizedParties ?? []
  const production = plan.environment.instanceType === 'production'
  // Production instances do not serve a developer's own machine, so localhost need not be listed there.
  const origins = appOrigins.filter(o => !production || !isLocalHost(new URL(o).hostname))
  if (list.length === 0) {
    if (!production) {
      return [
        { subject: 'authorized-parties', status: 'skip', message: 'not set; it is required for production instances' },
      ]
    }
    return [
      {
        subject: 'authorized-parties',
        status: 'fail',
        message:
          'no authorizedParties list: without it a production app accepts session tokens minted for any subdomain, which exposes it to subdomain cookie leaking and CSRF',
        fix: `Pass \`authorizedParties: ${JSON.stringify(origins)}\` to clerkMiddleware() / authenticateRequest(), and the same list as the authorized-parties input.`,
        fixParts: { list: { ...LIST, add: origins, corrected: origins } },
      },
    ]
  }
  const problems = list.map(entry => ({ entry, issue: originProblem(entry) }))
  const kept = problems.flatMap(p => (p.issue ? (p.issue.corrected ? [p.issue.corrected] : []) : [p.entry]))
  const findings: Finding[] = []
  for (const { entry, issue } of problems) {
    if (issue)
      findings.push({
        subject: entry,
        status: 'fail',
        message: `the entry ${JSON.stringify(entry)} ${issue.problem}`,
        fix: issue.corrected
          ? `Replace it with \`${JSON.stringify(issue.corrected)}\`.`
          : 'Remove it, and list each origin.',
        fixParts: {
          list: { name: LIST.name, remove: [entry], ...(issue.corrected ? { add: [issue.corrected] } : {}) },
        },
      })
  }
  // An origin that a malformed entry was meant for is reported once, through that entry.
  for (const origin of origins.filter(o => !kept.includes(o))) {
    findings.push({
      subject: origin,
      status: 'fail',
      message: `${origin} serves the app but is not in authorizedParties: Clerk rejects its session tokens`,
      fix: `Add \`${JSON.stringify(origin)}\`.`,
      fixParts: { list: { name: LIST.name, add: [origin] } },
    })
  }
  // The whole corrected list once, in the first finding: repeated in each, a long list made the output grow with the
  // square of its length.
  const first = findings[0]
  if (first) {
    const corrected = [...new Set([...kept, ...origins])]
    first.fix = `${first.fix} The whole list, corrected: \`authorizedParties: ${JSON.stringify(corrected)}\``
    first.fixParts = { list: { ...first.fixParts?.list, ...LIST, corrected } }
  }
  if (findings.length === 0) {
    findings.push({
      subject: 'authorized-parties',
      status: 'pass',
      message: `lists every app origin (${origins.join(', ') || 'none given'})`,
    })
  }
  return findings
}

async function codeFindings(plan: CheckPlan): Promise<Finding[]> {
  const calls = await findClerkCalls(plan.workspace)
  return calls
    .filter(c => !c.mentionsAuthorizedParties)
    .map(c => ({
      subject: `${c.file}:${c.line}`,
      status: 'warn' as const,
      message: `${c.call}() is called here and the file never mentions authorizedParties (a heuristic: the option may be passed from elsewhere)`,
      fix: `Pass { authorizedParties: [...] } to ${c.call}() with the app's origins.`,
      fixParts: { code: { file: c.file, line: c.line, change: `pass { authorizedParties: [...] } to ${c.call}()` } },
    }))
}
