import { declareCheck, ATTEMPTS, EVERY_INSTANCE, judged } from './shared/check.js'

export const declaration = declareCheck({
  id: 'deploy.frontend-api',
  title: "The instance's Frontend API answers, for the instance type its key names",
  doc: {
    subject: 'the Frontend API host',
    verifies:
      "`GET https://<fapi>/v1/environment?_clerk_js_version=6` (as Clerk's CLI asks it: clerk/cli `packages/cli-core/src/lib/fapi.ts`, `CLERK_JS_API_VERSION`) answers and its `display_config.instance_environment_type` is the key's; unreachable is a `fail` in production (a `warn` elsewhere), not the soft `warn` of `clerk.api`, unless the runner could not resolve the host (its resolver answers nothing, or `EAI_AGAIN`): the runner's `error`. A production instance on `*.vercel.app` with no `proxy-url` is asked at `https://<app>/__clerk`, the proxy `@clerk/nextjs` serves there (clerk/javascript `packages/shared/src/proxy.ts`: `getAutoProxyUrlFromEnvironment`); `oauth.providers` and `csp` use the same",
  },
  appliesTo: EVERY_INSTANCE,
  needs: ['live-checks', 'publishable-key', 'frontend-api'],
  side: 'clerk',
  network: { webExchanges: () => ATTEMPTS },
})

export const deployFrontendApiCheck = judged(
  declaration,
  () => import(/* webpackChunkName: "deploy" */ './deploy-frontend-api.run.js'),
)
