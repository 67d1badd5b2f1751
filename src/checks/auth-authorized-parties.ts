import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'auth.authorized-parties',
  title: 'authorizedParties lists every origin that serves the app',
  doc: {
    subject: 'app origin or list entry',
    verifies:
      "entries are exact origins (`https://host[:port]`; no path, trailing slash or wildcard; `http://` only for localhost), every app origin is listed, and a production instance has a list at all; each problem comes with the corrected list. Where the workspace holds the app's code, `clerkMiddleware(` / `authenticateRequest(` calls in files that never mention `authorizedParties` warn (a heuristic; subject `file:line`)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: [],
  uses: ['app-origins'],
  side: 'clerk',
  network: {},
})

export const authAuthorizedPartiesCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "auth" */ './auth-authorized-parties.run.js'),
)
