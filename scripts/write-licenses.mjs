// Writes dist/licenses.txt: the license of every production dependency the bundle may contain. ncc's own --license
// output keeps only the last chunk's packages once the bundle has lazily loaded chunks.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const paths = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { encoding: 'utf8' })
  .split('\n')
  .filter(p => p.includes('node_modules'))
const seen = new Map()
for (const dir of paths) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const key = `${pkg.name}@${pkg.version}`
  if (seen.has(key)) continue
  const file = readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f))
  const text = file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim() : ''
  seen.set(key, `${pkg.name} ${pkg.version}\n${pkg.license ?? 'UNKNOWN'}\n${text}`)
}
const entries = [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v)
writeFileSync('dist/licenses.txt', `${entries.join('\n\n')}\n`)
console.log(`dist/licenses.txt: ${entries.length} packages`)
