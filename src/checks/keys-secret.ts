import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'keys.secret',
  title: 'The secret key is present, well formed and of the right instance type',
  doc: {
    subject: 'env var or input name',
    verifies:
      "present (a `warn` when absent: browser-only apps have none; a `skip` on a pull request from a fork, which GitHub gives no secrets), well formed, instance type matches; legacy `live_`/`test_` keys warn; an API key (`ak_`), machine token (`mt_`) or OAuth token (`oat_`) in its place fails, named for what it is (prefixes from Clerk's SDK, `packages/backend/src/tokens/machine.ts`)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: [],
  side: 'clerk',
  network: {},
})

export const keysSecretCheck = judged(declaration, () => import(/* webpackChunkName: "keys" */ './keys-secret.run.js'))
