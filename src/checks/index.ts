import { authAuthorizedPartiesCheck } from './auth-authorized-parties.js'
import { authTokenConsumersCheck } from './auth-token-consumers.js'
import type { Check } from './shared/check.js'
import { clerkAllowedOriginsCheck } from './clerk-allowed-origins.js'
import { clerkApiCheck } from './clerk-api.js'
import { clerkDomainStatusCheck } from './clerk-domain-status.js'
import { clerkJwtTemplatesCheck } from './clerk-jwt-templates.js'
import { clerkProxyCheck } from './clerk-proxy.js'
import { cspCheck } from './csp.js'
import { deployCertificatesCheck } from './deploy-certificates.js'
import { deployFrontendApiCheck } from './deploy-frontend-api.js'
import { deployMiddlewareCheck } from './deploy-middleware.js'
import { deployOriginsCheck } from './deploy-origins.js'
import { deployProxyDomainCheck } from './deploy-proxy-domain.js'
import { deployPublishableKeyCheck } from './deploy-publishable-key.js'
import { deploySatellitesCheck } from './deploy-satellites.js'
import { deployServerKeyCheck } from './deploy-server-key.js'
import { dnsCaaCheck } from './dns-caa.js'
import { dnsCnameCheck } from './dns-cname.js'
import { dnsDmarcCheck } from './dns-dmarc.js'
import { dnsPropagationCheck } from './dns-propagation.js'
import { dnsProxyCheck } from './dns-proxy.js'
import { environmentCheck } from './environment.js'
import { keysFrontendApiCheck } from './keys-frontend-api.js'
import { keysPairCheck } from './keys-pair.js'
import { keysPublishableCheck } from './keys-publishable.js'
import { keysSecretCheck } from './keys-secret.js'
import { oauthProvidersCheck } from './oauth-providers.js'
import { passkeysRpIdCheck } from './passkeys-rp-id.js'
import { webhooksEndpointCheck } from './webhooks-endpoint.js'
import { webhooksSecretCheck } from './webhooks-secret.js'

/**
 * Every check, in report order: the registry the runner, the worst case, the report's ids and docs/checks.md read.
 * A new check is one module and one line here.
 */
export const CHECKS = [
  environmentCheck,
  keysPublishableCheck,
  keysSecretCheck,
  keysPairCheck,
  keysFrontendApiCheck,
  dnsCnameCheck,
  dnsProxyCheck,
  dnsCaaCheck,
  dnsPropagationCheck,
  dnsDmarcCheck,
  passkeysRpIdCheck,
  authAuthorizedPartiesCheck,
  cspCheck,
  webhooksSecretCheck,
  clerkApiCheck,
  clerkJwtTemplatesCheck,
  authTokenConsumersCheck,
  clerkProxyCheck,
  clerkAllowedOriginsCheck,
  deployPublishableKeyCheck,
  deployProxyDomainCheck,
  deployCertificatesCheck,
  deployFrontendApiCheck,
  deployOriginsCheck,
  deployMiddlewareCheck,
  deployServerKeyCheck,
  deploySatellitesCheck,
  oauthProvidersCheck,
  webhooksEndpointCheck,
  clerkDomainStatusCheck,
] as const satisfies readonly Check[]

/** The stable ids of ../shared/contract.md, which users' scripts and dashboards key on. */
export type RegisteredCheckId = (typeof CHECKS)[number]['id']
