import type { Missing } from './csp-policy.js'
import type { DeliveredPolicy } from './page-fetch.js'
import type { PolicyDirective, PolicyPart } from '../report/model.js'

/**
 * The deployed policies with what Clerk needs merged in, as fix data: a source is added to its directive; a directive
 * the policy lacks is added with its fallback's sources (what the fallback allowed stays allowed) and the new one.
 * Each policy that changes, directive by directive, with what is added marked; a header's policies go together, since
 * its one value holds them all. Empty when no policy of the page can take what is missing (another policy lacks it).
 */
export function correctedPolicies(policies: readonly DeliveredPolicy[], missing: readonly Missing[]): PolicyPart[] {
  return policies.flatMap(policy => {
    // A header may hold several policies, separated by commas; a meta element holds one.
    const texts = policy.from === 'header' ? policy.text.split(',') : [policy.text]
    const merged = texts.map(text => mergePolicy(text, missing))
    return merged.some(m => m.changed) ? merged.map(m => ({ directives: m.directives })) : []
  })
}

const NONCE_OR_HASH = /^'(nonce|sha256|sha384|sha512)-/i
const isNone = (source: string) => source.toLowerCase() === "'none'"

function mergePolicy(text: string, missing: readonly Missing[]): { directives: PolicyDirective[]; changed: boolean } {
  const directives: PolicyDirective[] = text
    .split(';')
    .map(d => d.trim().split(/[\t\n\f\r ]+/))
    .filter(tokens => tokens[0] !== '')
    .map(([name = '', ...sources]) => ({ name, sources, added: [] }))
  const find = (name: string) => directives.find(d => d.name.toLowerCase() === name)
  let changed = false
  for (const m of missing) {
    const own = find(m.directive)
    if (own) {
      if (own.sources.includes(m.source) || own.added.includes(m.source)) continue
      own.sources = own.sources.filter(s => !isNone(s))
      own.added.push(m.source)
      changed = true
      continue
    }
    const fallback = find(m.governedBy)
    if (!fallback) continue // what another policy of the page lacks
    // Beside a nonce or hash 'unsafe-inline' is ignored, and style attributes cannot carry one.
    const inline = m.source === "'unsafe-inline'"
    const kept = [...fallback.sources, ...fallback.added].filter(s => !isNone(s) && !(inline && NONCE_OR_HASH.test(s)))
    directives.push({ name: m.directive, sources: kept, added: [m.source], new: true })
    changed = true
  }
  return { directives, changed }
}
