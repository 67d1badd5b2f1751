import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'keys.pair',
  title: 'The publishable and secret key are of the same instance type',
  doc: {
    subject: '—',
    verifies:
      "publishable and secret key are of the same instance type; with Clerk's API, exactly: the secret key's instance has the type of both prefixes, and one of its domains serves the Frontend API the publishable key names",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['publishable-key', 'secret-key'],
  side: 'clerk',
  network: {},
})

export const keysPairCheck = judged(declaration, () => import(/* webpackChunkName: "keys" */ './keys-pair.run.js'))
