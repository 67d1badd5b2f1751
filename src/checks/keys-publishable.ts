import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'keys.publishable',
  title: 'The publishable key is present, well formed and of the right instance type',
  doc: {
    subject: 'env var or input name',
    verifies:
      "present, well formed (prefix, base64 of a host followed by `$`), instance type matches the environment; variables that disagree fail; a legacy `live_`/`test_` publishable key is read for its instance type as Clerk's SDK does (`isProductionFromPublishableKey`, `packages/shared/src/keys.ts`) and warns, since the SDK's `parsePublishableKey` takes only `pk_` keys",
  },
  appliesTo: EVERY_INSTANCE,
  needs: [],
  side: 'clerk',
  network: {},
})

export const keysPublishableCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "keys" */ './keys-publishable.run.js'),
)
