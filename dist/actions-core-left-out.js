'use strict'
// Stands in for @actions/http-client, @actions/exec, node:crypto and node:fs inside @actions/core (see
// scripts/bundle.mjs): core.getIDToken and core.platform use the first two, and this action calls neither; randomUUID
// is the delimiter of a multi-line output, which core checks the value does not contain; fs.promises is built only
// when core's summary writes.
const fs = require('fs')
const missing = what => {
  throw new Error(`clerk-preflight does not bundle ${what} for @actions/core`)
}
class NotBundled {
  constructor() {
    missing('an HTTP client (core.getIDToken)')
  }
}
const notBundled = () => missing('@actions/exec (core.platform)')
const hex = n => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('')
const randomUUID = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${hex(12)}`
const promises = {
  access: (...args) => fs.promises.access(...args),
  appendFile: (...args) => fs.promises.appendFile(...args),
  writeFile: (...args) => fs.promises.writeFile(...args),
}
module.exports = {
  HttpClient: NotBundled,
  BearerCredentialHandler: NotBundled,
  exec: notBundled,
  getExecOutput: notBundled,
  randomUUID,
  constants: fs.constants,
  existsSync: fs.existsSync,
  appendFileSync: fs.appendFileSync,
  promises,
}
