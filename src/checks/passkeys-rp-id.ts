import { declareCheck, judged, PRODUCTION_ONLY } from './shared/check.js'

export const declaration = declareCheck({
  id: 'passkeys.rp-id',
  title: "Every app origin can use passkeys with the instance's domain (WebAuthn RP ID)",
  doc: {
    subject: 'app origin',
    verifies:
      'the origin can use the instance\'s domain as WebAuthn RP ID: its host is the domain or a subdomain, over https, and the domain is not a public suffix (Public Suffix List with private domains, as browsers use it: `vercel.app`, `github.io`). A mismatch is a `warn` ("passkeys would not work here"), a `fail` with `passkeys: true`; origins on satellites warn, since passkeys do not work across domains',
  },
  appliesTo: PRODUCTION_ONLY,
  needs: ['domain'],
  uses: ['app-origins'],
  side: 'clerk',
  network: {},
})

export const passkeysRpIdCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "passkeys" */ './passkeys-rp-id.run.js'),
)
