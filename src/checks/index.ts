import { authorizedPartiesCheck } from './authorized-parties.js'
import type { Check } from './check.js'
import { clerkApiCheck } from './clerk-api.js'
import { domainStatusCheck } from './clerk-domain-status.js'
import { cspCheck } from './csp.js'
import { certificatesCheck } from './deploy-certificates.js'
import { frontendApiLiveCheck } from './deploy-frontend-api.js'
import { deployOriginsCheck } from './deploy-origins.js'
import { shippedKeyCheck } from './deploy-publishable-key.js'
import { caaCheck } from './dns-caa.js'
import { cnameCheck } from './dns-cname.js'
import { dmarcCheck } from './dns-dmarc.js'
import { propagationCheck } from './dns-propagation.js'
import { proxyCheck } from './dns-proxy.js'
import { environmentCheck } from './environment.js'
import { frontendApiCheck } from './keys-frontend-api.js'
import { keyPairCheck } from './keys-pair.js'
import { publishableKeyCheck } from './keys-publishable.js'
import { secretKeyCheck } from './keys-secret.js'
import { oauthProvidersCheck } from './oauth-providers.js'
import { passkeysCheck } from './passkeys-rp-id.js'
import { webhookEndpointCheck } from './webhooks-endpoint.js'
import { webhookSecretCheck } from './webhooks-secret.js'

/** Every check, in report order. A new check is one module and one line here. */
export const CHECKS: readonly Check[] = [
  environmentCheck,
  publishableKeyCheck,
  secretKeyCheck,
  keyPairCheck,
  frontendApiCheck,
  cnameCheck,
  proxyCheck,
  caaCheck,
  propagationCheck,
  dmarcCheck,
  passkeysCheck,
  authorizedPartiesCheck,
  cspCheck,
  webhookSecretCheck,
  clerkApiCheck,
  shippedKeyCheck,
  certificatesCheck,
  frontendApiLiveCheck,
  deployOriginsCheck,
  oauthProvidersCheck,
  webhookEndpointCheck,
  domainStatusCheck,
]
