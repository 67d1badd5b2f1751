import { declareCheck, ATTEMPTS, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'clerk.allowed-origins',
  title: "The instance's allowed origins include the app's extension and native origins",
  doc: {
    subject: 'origin',
    verifies:
      "with the secret key, the instance's `allowed_origins` (Backend API `GET /v1/instance`, clerk/openapi-specs `bapi`: `Instance.allowed_origins`, an array or null) holds every origin in `allowed-origins`, as a browser sends it in `Origin`: browser-like stacks outside the instance's domains need theirs there (clerk/openapi-specs `bapi` `UpdateInstance`: `chrome-extension://<id>` for an extension's pages, `http://localhost:3000` for Electron, `capacitor://localhost` for Capacitor), on development and production instances alike (clerk/javascript `packages/chrome-extension/README.md`), and a list does not carry over from one instance to the other. A missing origin is `fail`; one the list holds only written otherwise (case, a trailing slash) is a `warn`, since a browser's `Origin` is lower case with nothing after the host; the fix is the whole list corrected, to send as `allowed_origins` in Backend API `PATCH /v1/instance`, which replaces the list",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['allowed-origins', 'secret-key', 'clerk-api'],
  side: 'clerk',
  // The instance, which clerk.api asks too: one question per run.
  network: { webExchanges: () => ATTEMPTS },
})

export const clerkAllowedOriginsCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "clerk" */ './clerk-allowed-origins.run.js'),
)
