import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { CHECKS } from '../src/checks/index.js'
import { actionChecksDoc } from '../src/github/context.js'
import { checkAnchor, HOME_CHECKS_DOC, ruleUrl } from '../src/render/doc-links.js'

// Each finding links its rule (issue 28 item 6, issue 32 item 4): the section of docs/checks.md its check has, at the
// anchor GitHub gives that heading, in the repository and at the ref of the action that ran.

const IDS = ['config', ...CHECKS.map(c => c.id)]

/**
 * GitHub's heading anchors, written here from its documented rule (github-slugger): the text as shown, lower-cased,
 * punctuation dropped, spaces made hyphens, and a repeated anchor numbered (`-1`, `-2`).
 */
function githubAnchors(markdown: string): Map<string, string> {
  const seen = new Map<string, number>()
  const anchors = new Map<string, string>()
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    const heading = !fenced && /^#{1,6} (.+)$/.exec(line)
    if (!heading) continue
    const text = (heading[1] as string).replace(/`/g, '').trim()
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.set(text, count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

describe('docs/checks.md', () => {
  const anchors = githubAnchors(readFileSync('docs/checks.md', 'utf8'))

  it.each(IDS)('has a heading for %s whose anchor the links compute', id => {
    expect(anchors.get(id)).toBe(checkAnchor(id))
  })

  it('links its table to the same anchors', () => {
    const table = readFileSync('docs/checks.md', 'utf8')
    for (const check of CHECKS) expect(table).toContain(`[\`${check.id}\`](#${checkAnchor(check.id)})`)
  })
})

describe('a check anchor', () => {
  /** github-slugger's rule as doc-links states it, with the Unicode classes, on every input. */
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-')

  it('takes the ASCII shortcut only where it gives what the Unicode rule gives', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), text => checkAnchor(text) === slug(text)))
  })

  it('keeps letters and digits of any script (½ is a number), and drops punctuation', () => {
    expect(checkAnchor('Über.Prüfung 2')).toBe('überprüfung-2')
    expect(checkAnchor('dns.caa — ½')).toBe('dnscaa--½')
    expect(checkAnchor('\u212Aelvin')).toBe(slug('\u212Aelvin'))
  })
})

describe('the link of a rule', () => {
  it("is the action's own docs/checks.md at the ref the workflow runs", () => {
    const env = { GITHUB_ACTION_REPOSITORY: 'acme/clerk-preflight', GITHUB_ACTION_REF: 'v1' }
    expect(ruleUrl('dns.caa', actionChecksDoc(env))).toBe(
      'https://github.com/acme/clerk-preflight/blob/v1/docs/checks.md#dnscaa',
    )
    // A commit, a branch with a slash, and GitHub Enterprise Server's own host.
    const sha = '0123456789abcdef0123456789abcdef01234567'
    expect(actionChecksDoc({ ...env, GITHUB_ACTION_REF: sha })).toBe(
      `https://github.com/acme/clerk-preflight/blob/${sha}/docs/checks.md`,
    )
    expect(
      actionChecksDoc({ ...env, GITHUB_ACTION_REF: 'release/1.x', GITHUB_SERVER_URL: 'https://ghe.example.com' }),
    ).toBe('https://ghe.example.com/acme/clerk-preflight/blob/release/1.x/docs/checks.md')
  })

  it('is the project’s default branch for a local action, outside GitHub, and for values that make no plain URL', () => {
    for (const env of [
      {},
      { GITHUB_ACTION_REPOSITORY: '', GITHUB_ACTION_REF: '' },
      { GITHUB_ACTION_REPOSITORY: 'acme/clerk-preflight' },
      { GITHUB_ACTION_REPOSITORY: 'acme/x) [y](z', GITHUB_ACTION_REF: 'v1' },
      { GITHUB_ACTION_REPOSITORY: 'acme/x', GITHUB_ACTION_REF: 'v1 "onclick' },
      { GITHUB_ACTION_REPOSITORY: 'acme/x', GITHUB_ACTION_REF: 'v1', GITHUB_SERVER_URL: 'javascript:alert(1)' },
    ]) {
      expect(actionChecksDoc(env)).toBe(HOME_CHECKS_DOC)
    }
  })
})
