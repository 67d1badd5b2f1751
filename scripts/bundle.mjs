// Builds dist/ from src/index.ts with ncc, as CommonJS. The sources are ES modules, but node starts a CommonJS entry
// several milliseconds sooner than an ES module one (no ESM loader on the way in), and start-up is most of a
// development run. dist/package.json says "commonjs", so the lazily loaded chunks (NNN.index.js) load as CommonJS
// whatever the root package.json says. No build cache: ncc's cache does not know the output format, and a cache left by
// an ES module build of the same entry put ES module code into the CommonJS bundle.
import ncc from '@vercel/ncc'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const out = 'dist'
const built = await ncc(resolve('src/index.ts'), { esm: false, minify: true, quiet: true, cache: false }).catch(
  error => {
    // ncc's own stack points into its minified source, a line of megabytes; the message is what helps.
    console.error(`bundle failed: ${error.message}`)
    process.exit(1)
  },
)
const { code, assets, symlinks } = built
if (Object.keys(symlinks ?? {}).length > 0) throw new Error(`ncc asked for symlinks, which dist/ does not ship`)
rmSync(out, { recursive: true, force: true })
mkdirSync(out)
writeFileSync(join(out, 'index.js'), code)
for (const [name, asset] of Object.entries(assets)) {
  mkdirSync(dirname(join(out, name)), { recursive: true })
  writeFileSync(join(out, name), asset.source)
}
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`)
for (const name of ['index.js', ...Object.keys(assets)]) console.log(`dist/${name}`)
