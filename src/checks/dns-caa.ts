import { declareCheck, judged, PRODUCTION_ONLY } from './shared/check.js'
import { dnsWorkBound } from './shared/dns-scope.js'

export const declaration = declareCheck({
  id: 'dns.caa',
  title: "CAA records let Clerk's certificate authorities issue",
  doc: {
    subject: '`clerk.<domain>`, `accounts.<domain>`',
    verifies:
      "the RFC 8659 relevant CAA set lets both `letsencrypt.org` and `pki.goog` issue, judged as Let's Encrypt's Boulder does (`va/caa.go`: a critical flag forbids issuance only on a tag it does not know; it knows `issue`, `issuewild`, `iodef`, `issuemail` (RFC 9495) and `issuevmc`); a lookup that fails at or below the relevant set is a `fail` as a CA would refuse, unless the resolver answers nothing at all this run (not even the root zone's SOA): then it is the runner's `error`",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain'],
  side: 'clerk',
  network: {
    // Every CAA level, over UDP and, where it has no records, over TCP (for the TC bit).
    dnsQuestions: plan => 2 * dnsWorkBound(plan).caaNames,
  },
})

export const dnsCaaCheck = judged(declaration, () => import(/* webpackChunkName: "dns" */ './dns-caa.run.js'))
