'use strict'
// Stands in for @actions/http-client and @actions/exec inside @actions/core (see scripts/bundle.mjs): only
// core.getIDToken and core.platform use them, and this action calls neither.
const missing = what => {
  throw new Error(`clerk-preflight does not bundle ${what} for @actions/core`)
}
class NotBundled {
  constructor() {
    missing('an HTTP client (core.getIDToken)')
  }
}
const notBundled = () => missing('@actions/exec (core.platform)')
module.exports = { HttpClient: NotBundled, BearerCredentialHandler: NotBundled, exec: notBundled, getExecOutput: notBundled }
