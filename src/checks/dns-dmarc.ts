import { declareCheck, judged, PRODUCTION_ONLY } from './shared/check.js'

/**
 * Clerk sends a production instance's mail from the instance's domain and asks for DMARC on it ("Make sure DMARC is
 * set up": clerk.com/docs/troubleshooting/email-deliverability). Read as a receiver reads it (RFC 7489 §6.6.3): the
 * TXT records at _dmarc.<domain> that start with v=DMARC1; none there, those of the organizational domain.
 */
export const declaration = declareCheck({
  id: 'dns.dmarc',
  title: 'The domain publishes a DMARC policy for the mail Clerk sends',
  doc: {
    subject: '`_dmarc.<domain>`',
    verifies:
      "the domain publishes one DMARC record (`v=DMARC1` first, a `p=` of `none`, `quarantine` or `reject`), as Clerk's [email deliverability guide](https://clerk.com/docs/troubleshooting/email-deliverability) asks; read as RFC 7489 §6.6.3 has receivers read it, falling back to the organizational domain's record (and its `sp=`). `pass` with the policy in the evidence; `warn` when missing (with the record to add), without a valid policy, or doubled",
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain'],
  side: 'clerk',
  network: {
    // The domain's TXT, then the organizational domain's.
    dnsQuestions: () => 2,
  },
})

export const dnsDmarcCheck = judged(declaration, () => import(/* webpackChunkName: "dns" */ './dns-dmarc.run.js'))
