import { declareCheck, judged, PRODUCTION_ONLY } from './shared/check.js'
import { dnsWorkBound } from './shared/dns-scope.js'

export const declaration = declareCheck({
  id: 'dns.propagation',
  title: 'All DNS servers give the same answer',
  doc: {
    subject: 'record host',
    verifies: 'with two or more `dns-servers`, all give the same CNAME and CAA answers',
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain', 'two-dns-servers'],
  side: 'clerk',
  network: {
    // Every record's CNAME and every CAA level (over UDP and TCP), on every server.
    dnsQuestions: plan => {
      const { records, caaNames } = dnsWorkBound(plan)
      return plan.dnsServers.length * (records + 2 * caaNames)
    },
    dnsServers: 'each',
  },
})

export const dnsPropagationCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "dns" */ './dns-propagation.run.js'),
)
