import { declareCheck, judged, PRODUCTION_ONLY } from './shared/check.js'
import { dnsWorkBound } from './shared/dns-scope.js'

export const declaration = declareCheck({
  id: 'dns.cname',
  title: "The CNAME records Clerk requires exist and point at Clerk's targets",
  doc: {
    subject: 'record host',
    verifies:
      "each CNAME Clerk asks for exists and points at Clerk's target: `clerk.` → `frontend-api.clerk.services` (not with `proxy-url`), `accounts.` → `accounts.clerk.services`, `clkmail.` → `mail.<id>.clerk.services`, `clk._domainkey.` → `dkim1.<id>…`, `clk2._domainkey.` → `dkim2.<id>…`, and the secondary set when configured: `clkmail2.` → `clkmail2.<id>…` or `mail2.<id>…`, `pdk1._domainkey.clkmail2.` → `dkim3.<id>…` or `clk3._domainkey.<id>…`, `pdk2._domainkey.clkmail2.` → `dkim4.<id>…` or `clk4._domainkey.<id>…` (Clerk's Domain Connect template, `Domain-Connect/Templates` `clerk.com.app.json`, and the dashboard's exports; the template's `track.clkmail2` is not required, since the dashboard does not list it). With Clerk's API, its `cname_targets` are the list instead. Missing, elsewhere, or an address record in its place fail with the exact record as fix; a right record whose Clerk target does not exist warns that the fault is upstream",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain'],
  side: 'clerk',
  network: {
    // CNAME, A and AAAA of each record, and the A of its target; and whose zone the domain is in (an SOA per label at
    // most, which every DNS check shares).
    dnsQuestions: plan => 4 * dnsWorkBound(plan).records + (plan.domain?.value.split('.').length ?? 0),
  },
})

export const dnsCnameCheck = judged(declaration, () => import(/* webpackChunkName: "dns" */ './dns-cname.run.js'))
