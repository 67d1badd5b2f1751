import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'csp',
  title: "The deployed site's Content-Security-Policy allows what Clerk needs",
  doc: {
    subject: 'the fetched URL',
    verifies:
      "every Content-Security-Policy of the deployed page (its header and each `<meta http-equiv>`) allows what Clerk needs for this instance's Frontend API: see [CSP](csp.md)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['url', 'frontend-api'],
  uses: ['publishable-key', 'live-checks'],
  side: 'app',
  network: { readsPage: true },
})

export const cspCheck = judged(declaration, () => import(/* webpackChunkName: "csp" */ './csp.run.js'))
