import { declareCheck, judged, PRODUCTION_ONLY } from './shared/check.js'

export const declaration = declareCheck({
  id: 'dns.proxy',
  title: 'Clerk records are not proxied through Cloudflare ("DNS only")',
  doc: {
    subject: 'record host',
    verifies:
      'the record is not proxied: answering with Cloudflare addresses and no CNAME fails ("set it to DNS only")',
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain'],
  side: 'clerk',
  network: {
    // Only what dns.cname asks (CNAME, A and AAAA of each record), answered once per run.
  },
})

export const dnsProxyCheck = judged(declaration, () => import(/* webpackChunkName: "dns" */ './dns-proxy.run.js'))
