/**
 * Each finding links the rule it was judged by, its check's section of docs/checks.md, as zizmor links each audit:
 * in the action's own repository at the ref the workflow runs (github/context.ts works it out), so that the rule read
 * is the one that ran.
 */

/** docs/checks.md of this project's default branch: where a run that cannot tell its action's ref links. */
export const HOME_CHECKS_DOC = 'https://github.com/clerk-preflight/clerk-preflight/blob/main/docs/checks.md'

/**
 * The anchor GitHub gives a check's heading in docs/checks.md (`## ` and the id as code): its text lower-cased, with what is neither
 * a letter, a digit, `-`, `_` nor a space dropped and spaces made `-` (github-slugger, which GitHub's Markdown uses).
 * docs/checks.md has one such heading a check, the runner's own result included (scripts/write-docs.ts), and no other
 * of that text.
 */
export function checkAnchor(id: string): string {
  const lower = id.toLowerCase()
  // Check ids are printable ASCII, where the rule's letters, digits and white space are these few: the Unicode classes
  // cost every run compiling \p{L} (about 2M instructions on Node 24, 1% of a development run), and are kept for text
  // that needs them.
  const kept = PRINTABLE_ASCII.test(lower)
    ? lower.replace(/[^a-z0-9 _-]/g, '')
    : lower.replace(/[^\p{L}\p{N}\s_-]/gu, '')
  return kept.replace(/ /g, '-')
}

const PRINTABLE_ASCII = /^[ -~]*$/

/** The URL of a check's rule, in the checks reference at `base` (a docs/checks.md URL). */
export function ruleUrl(id: string, base: string = HOME_CHECKS_DOC): string {
  return `${base}#${checkAnchor(id)}`
}
