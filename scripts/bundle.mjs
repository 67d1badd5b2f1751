// Builds dist/ with ncc, as CommonJS: node starts a CommonJS entry several milliseconds sooner than an ES module one
// (no ESM loader on the way in), and start-up is most of a development run. dist/package.json says "commonjs", so the
// lazily loaded chunks (NNN.index.js) load as CommonJS whatever the root package.json says. No build cache: ncc's cache
// does not know the output format, and a cache left by an ES module build put ES module code into a CommonJS bundle.
//
// Two builds. @actions/core is built on its own into dist/actions-core.js, without @actions/http-client and
// @actions/exec: core loads that HTTP client (and undici with it) at start for one function, getIDToken (OIDC), and
// @actions/exec (child_process, @actions/io) for its `platform` export; this action calls neither, and they cost about
// 40 and 5 ms of every start (CONTRIBUTING.md, "Performance"). dist/actions-core-left-out.js stands in for both, and for
// node:crypto, which core loads at start (about 4 ms) only for randomUUID, the delimiter of a multi-line output; the
// stand-in's delimiter comes from Math.random. That is safe: core refuses a value that contains its delimiter, so an
// output can never end early, whoever guesses it; the randomness only keeps that refusal from happening. The action's
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
  crypto: `./${LEFT_OUT}`,
})
const action = await build(resolve('src/index.ts'), { '@actions/core': `./${CORE}` })
// The command (`clerk-preflight`, package.json's bin): the same pipeline, its own entry and lazy chunks under dist/cli/
// (ncc names chunks by number, and the action's would collide with them), the same @actions/core beside the action's.
const command = await build(resolve('src/cli/index.ts'), { '@actions/core': `../${CORE}` })
if (Object.keys(core.assets).length > 0)
  throw new Error('@actions/core asked for assets, which this script does not write')

rmSync(out, { recursive: true, force: true })
mkdirSync(out)
async function write(dir, built, entryPrefix = '') {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'index.js'), entryPrefix + built.code, { mode: entryPrefix ? 0o755 : 0o644 })
  for (const [name, asset] of Object.entries(built.assets)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    // ncc minifies the entry only; the lazy chunks (@actions/github with undici among them) would be most of dist/.
    const source = name.endsWith('.js') ? (await minify(asset.source.toString(), { module: false })).code : asset.source
    writeFileSync(join(dir, name), source)
  }
}
await write(out, action)
await write(join(out, 'cli'), command, '#!/usr/bin/env node\n')
writeFileSync(join(out, CORE), core.code)
writeFileSync(
  join(out, LEFT_OUT),
  `'use strict'
// Stands in for @actions/http-client, @actions/exec and node:crypto inside @actions/core (see scripts/bundle.mjs):
// core.getIDToken and core.platform use the first two, and this action calls neither; randomUUID is the delimiter of
// a multi-line output, which core checks the value does not contain.
const missing = what => {
  throw new Error(\`clerk-preflight does not bundle \${what} for @actions/core\`)
}
class NotBundled {
  constructor() {
    missing('an HTTP client (core.getIDToken)')
  }
}
const notBundled = () => missing('@actions/exec (core.platform)')
const hex = n => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('')
const randomUUID = () => \`\${hex(8)}-\${hex(4)}-4\${hex(3)}-\${hex(4)}-\${hex(12)}\`
module.exports = { HttpClient: NotBundled, BearerCredentialHandler: NotBundled, exec: notBundled, getExecOutput: notBundled, randomUUID }
`,
)
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`)
const cli = ['index.js', ...Object.keys(command.assets)].map(name => `cli/${name}`)
for (const name of ['index.js', CORE, LEFT_OUT, ...Object.keys(action.assets), ...cli]) console.log(`dist/${name}`)
