// `npm test [-- jest arguments]`: makes the throwaway CA of the HTTPS tests, runs jest, and removes the CA after.
//
// The live checks dial port 443, so their tests serve HTTPS on port 443 of loopback addresses, which needs privilege:
// root has it (as CI does), and so does any user where net.ipv4.ip_unprivileged_port_start is 443 or lower. Elsewhere,
// where the kernel lets a user make namespaces, jest runs in a network namespace of its own, loopback only, whose
// ip_unprivileged_port_start is 443: made as root of a user namespace (`unshare -rn`), then entered again as the user
// (a nested user namespace that maps the user's own ids back), so that the tests run as who ran them, with their
// folders and permissions, and no test can reach beyond loopback. Where that is refused, the first line says why the
// HTTPS tests are skipped, and the coverage thresholds, which assume they ran, are not enforced (jest.config.js):
// coverage is judged on what ran.
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import net from 'node:net'
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

/** Runs `command` as this user in a network namespace of its own, loopback up, where port 443 needs no privilege. */
const inLoopbackNamespace = command => [
  'unshare',
  '-rn',
  '--',
  'sh',
  '-c',
  'ip link set lo up && echo 443 > /proc/sys/net/ipv4/ip_unprivileged_port_start && exec "$@"',
  'sh',
  'unshare',
  '--user',
  `--map-user=${process.getuid()}`,
  `--map-group=${process.getgid()}`,
  '--',
  ...command,
]

/** Undefined when such a namespace can be made, else what went wrong. */
function namespaceRefused() {
  const [file, ...args] = inLoopbackNamespace(['true'])
  const probe = spawnSync(file, args, { encoding: 'utf8' })
  if (probe.error) return `unshare: ${probe.error.code}`
  return probe.status === 0 ? undefined : probe.stderr.trim().split('\n').pop() || `unshare: exit ${probe.status}`
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
    command = inLoopbackNamespace(command)
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
