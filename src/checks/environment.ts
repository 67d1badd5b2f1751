import { declareCheck, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'environment',
  title: 'The target environment is known and needs the right instance type',
  doc: {
    subject: 'env name (or an app origin)',
    verifies:
      "the target environment is known and says which instance type it needs; a non-production environment on the production instance is served under the production domain. `staging` with a development instance's key (`pk_test_`) is judged as a development instance and `warn`s: Clerk recommends a production instance of a separate application for staging and does not require one (clerk-docs `guides/development/managing-environments.mdx`)",
  },
  appliesTo: EVERY_INSTANCE,
  needs: [],
  uses: ['domain', 'app-origins', 'url'],
  side: 'clerk',
  network: {},
})

export const environmentCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "environment" */ './environment.run.js'),
)
