import { declareCheck, ATTEMPTS, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'clerk.api',
  title: "Clerk's APIs could be asked",
  doc: {
    subject: 'the API base URL',
    verifies:
      "Clerk's APIs could be asked (a `warn` when not, and the checks fall back to local evidence; an `error` with `clerk-api: true`; `skip` when not asked)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['clerk-api'],
  side: 'clerk',
  network: {
    // The instance, its domains and the Frontend API's environment, which every other check shares.
    webExchanges: () => ATTEMPTS * 3,
  },
})

export const clerkApiCheck = judged(declaration, () => import(/* webpackChunkName: "clerk" */ './clerk-api.run.js'))
