import { declareCheck, ATTEMPTS, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'clerk.jwt-templates',
  title: 'Every JWT template the app asks for exists on this instance',
  doc: {
    subject: 'template name',
    verifies:
      "with the secret key, every JWT template the app asks for exists on this instance (Backend API `GET /v1/jwt_templates`, clerk/openapi-specs `bapi`: `ListJWTTemplates`). The names come from `jwt-templates`, else from the workspace's source files (`getToken({ template: '…' })`, clerk-docs `reference/javascript/session.mdx`; tests left out), in the bounded walk the `authorizedParties` heuristic uses. Templates live per instance (clerk-docs `guides/sessions/jwt-templates.mdx`): one made on the development instance is missing in production until it is made there, and `getToken` then fails for every signed-in user. A name missing from a list Clerk cut short is a `warn`",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['secret-key', 'clerk-api'],
  side: 'clerk',
  network: { webExchanges: () => ATTEMPTS },
})

export const clerkJwtTemplatesCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "clerk" */ './clerk-jwt-templates.run.js'),
)
