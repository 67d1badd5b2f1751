// `npm test [-- jest arguments]`: makes the throwaway CA of the HTTPS tests, runs jest, and removes the CA after.
//
// The live checks dial port 443, so their tests serve HTTPS on port 443 of loopback addresses, which needs privilege:
// root has it (as CI does), and so does any user where net.ipv4.ip_unprivileged_port_start is 443 or lower. Elsewhere,
// where the kernel lets a user make namespaces, jest runs in a user and network namespace of its own (`unshare -rn`):
// there the user is root of a network that is loopback only, so binding 443 needs nothing and no test can reach
// beyond loopback. Where neither works, the first line says why the HTTPS tests are skipped, and the coverage
// thresholds, which assume they ran, are not enforced (jest.config.js): coverage is judged on what ran.
import { spawn, spawnSync } from 'node:child_process'
import { lstatSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeTestCa } from '../test-support/test-ca.mjs'

const HTTPS_SKIPPED = 'CLERK_PREFLIGHT_HTTPS_SKIPPED'

/** Undefined when this process may bind port 443 on loopback, else the error code. */
async function bind443() {
  const server = net.createServer()
  const address = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`
  const code = await new Promise(resolve => {
    server.once('error', error => resolve(error.code))
    server.listen(443, address, () => server.close(() => resolve(undefined)))
  })
  // Taken is as good as free: the question is privilege.
  return code === 'EADDRINUSE' ? undefined : code
}

/** Undefined when `unshare -rn` makes a namespace whose loopback comes up, else what went wrong. */
function namespaceRefused() {
  const probe = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up'], { encoding: 'utf8' })
  if (probe.error) return `unshare: ${probe.error.code}`
  return probe.status === 0
    ? undefined
    : `unshare -rn: ${probe.stderr.trim().split('\n').pop() || `exit ${probe.status}`}`
}

/** `path`, made if need be, and refused unless it is this user's own directory (not a link someone left there). */
function ownFolder(path) {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  const stat = lstatSync(path)
  if (!stat.isDirectory() || stat.uid !== process.getuid()) throw new Error(`${path} is not this user's own folder`)
  return path
}

const jest = createRequire(import.meta.url).resolve('jest/bin/jest')
const ca = makeTestCa()
const env = {
  ...process.env,
  NODE_EXTRA_CA_CERTS: ca.certificate,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(),
}
let command = [process.execPath, jest, ...process.argv.slice(2)]

const denied = await bind443()
if (denied) {
  const refused = namespaceRefused()
  if (!refused) {
    command = ['unshare', '-rn', '--', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...command]
    // Root in there, jest and tsx would take root's folders in /tmp (named after the user id): a folder of this user's
    // holds theirs, kept from run to run like theirs.
    env.TMPDIR = ownFolder(join(tmpdir(), `clerk-preflight-userns-${process.getuid()}`))
  } else {
    const why = `port 443 needs privilege here (${denied}) and no user namespace could be made (${refused})`
    console.log(
      `HTTPS tests skipped: ${why}. Run as root, set net.ipv4.ip_unprivileged_port_start=443, or allow unprivileged user namespaces; coverage is reported, not enforced.`,
    )
    env[HTTPS_SKIPPED] = why
  }
}

const child = spawn(command[0], command.slice(1), { env, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
const code = await new Promise(resolve => child.on('close', (status, signal) => resolve(status ?? (signal ? 1 : 0))))
ca.remove()
process.exit(code)
