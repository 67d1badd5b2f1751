'use strict'
// Stands in for @actions/http-client inside @actions/core (see scripts/bundle.mjs): only core.getIDToken uses it.
class NotBundled {
  constructor() {
    throw new Error('clerk-preflight does not bundle an HTTP client for @actions/core: core.getIDToken is not available')
  }
}
module.exports = { HttpClient: NotBundled, BearerCredentialHandler: NotBundled }
