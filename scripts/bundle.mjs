// Builds dist/ with ncc, as CommonJS: node starts a CommonJS entry several milliseconds sooner than an ES module one
// (no ESM loader on the way in), and start-up is most of a development run. dist/package.json says "commonjs", so the
// lazily loaded chunks (NNN.index.js) load as CommonJS whatever the root package.json says. No build cache: ncc's cache
// does not know the output format, and a cache left by an ES module build put ES module code into a CommonJS bundle.
//
// Two builds. @actions/core is built on its own into dist/actions-core.js, without @actions/http-client and
// @actions/exec: core loads that HTTP client (and undici with it) at start for one function, getIDToken (OIDC), and
// @actions/exec (child_process, @actions/io) for its `platform` export; this action calls neither, and they cost about
// 40 and 5 ms of every start (README, "Performance"). dist/actions-core-left-out.js stands in for both. The action's
// build then takes @actions/core from that file, and @actions/github, in a lazy chunk, keeps its own real
// @actions/http-client.
import ncc from '@vercel/ncc'
import { minify } from 'terser'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const out = 'dist'
const CORE = 'actions-core.js'
const LEFT_OUT = 'actions-core-left-out.js'

async function build(entry, externals) {
  const built = await ncc(entry, { esm: false, minify: true, quiet: true, cache: false, externals }).catch(error => {
    // ncc's own stack points into its minified source, a line of megabytes; the message is what helps.
    console.error(`bundle failed: ${error.message}`)
    process.exit(1)
  })
  if (Object.keys(built.symlinks ?? {}).length > 0) throw new Error('ncc asked for symlinks, which dist/ does not ship')
  return built
}

const core = await build(fileURLToPath(import.meta.resolve('@actions/core')), {
  '@actions/http-client': `./${LEFT_OUT}`,
  '@actions/http-client/lib/auth': `./${LEFT_OUT}`,
  '@actions/exec': `./${LEFT_OUT}`,
})
const action = await build(resolve('src/index.ts'), { '@actions/core': `./${CORE}` })
if (Object.keys(core.assets).length > 0)
  throw new Error('@actions/core asked for assets, which this script does not write')

rmSync(out, { recursive: true, force: true })
mkdirSync(out)
writeFileSync(join(out, 'index.js'), action.code)
for (const [name, asset] of Object.entries(action.assets)) {
  mkdirSync(dirname(join(out, name)), { recursive: true })
  // ncc minifies the entry only; the lazy chunks (@actions/github with undici among them) would be most of dist/.
  const source = name.endsWith('.js') ? (await minify(asset.source.toString(), { module: false })).code : asset.source
  writeFileSync(join(out, name), source)
}
writeFileSync(join(out, CORE), core.code)
writeFileSync(
  join(out, LEFT_OUT),
  `'use strict'
// Stands in for @actions/http-client and @actions/exec inside @actions/core (see scripts/bundle.mjs): only
// core.getIDToken and core.platform use them, and this action calls neither.
const missing = what => {
  throw new Error(\`clerk-preflight does not bundle \${what} for @actions/core\`)
}
class NotBundled {
  constructor() {
    missing('an HTTP client (core.getIDToken)')
  }
}
const notBundled = () => missing('@actions/exec (core.platform)')
module.exports = { HttpClient: NotBundled, BearerCredentialHandler: NotBundled, exec: notBundled, getExecOutput: notBundled }
`,
)
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`)
for (const name of ['index.js', CORE, LEFT_OUT, ...Object.keys(action.assets)]) console.log(`dist/${name}`)
