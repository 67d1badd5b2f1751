import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DnsClient } from '../src/dns/client.js'

/**
 * Real DNS servers from Debian's packages on loopback: Knot serving the fixture data as an authoritative root zone,
 * and Unbound recursing to it (a stub zone for "."), so that the product talks to a real recursive resolver.
 */

const KNOTD = ['/usr/sbin/knotd', '/usr/bin/knotd'].find(existsSync)
const UNBOUND = ['/usr/sbin/unbound', '/usr/bin/unbound'].find(existsSync)
export const REAL_DNS_AVAILABLE = KNOTD !== undefined && UNBOUND !== undefined

export interface RealDns {
  /** Unbound's address, for `dns-servers`. */
  resolver: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  // A port free for TCP is almost always free for UDP too; the servers fail loudly if not.
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** `zone` lines are master-file records with absolute names, e.g. `clerk.example.com. CNAME frontend-api.clerk.services.` */
export async function startRealDns(zone: string[]): Promise<RealDns> {
  if (!KNOTD || !UNBOUND) throw new Error('knotd and unbound are not installed (apt-get install knot unbound)')
  const dir = await mkdtemp(join(tmpdir(), 'cp-realdns-'))
  const [knotPort, unboundPort] = [await freePort(), await freePort()]
  await writeFile(
    join(dir, 'root.zone'),
    // Not under test.: Unbound answers that special-use name itself, without asking anyone.
    [
      '$ORIGIN .',
      '$TTL 60',
      '@ IN SOA ns.fixture. admin.fixture. 1 60 60 600 60',
      '@ IN NS ns.fixture.',
      'ns.fixture. IN A 127.0.0.1',
      ...zone,
      '',
    ].join('\n'),
  )
  await writeFile(
    join(dir, 'knot.conf'),
    `server:\n  listen: 127.0.0.1@${knotPort}\n  rundir: ${dir}\ndatabase:\n  storage: ${dir}/db\nzone:\n  - domain: .\n    file: ${dir}/root.zone\n    storage: ${dir}\n`,
  )
  await writeFile(
    join(dir, 'unbound.conf'),
    [
      'server:',
      '  interface: 127.0.0.1',
      `  port: ${unboundPort}`,
      '  username: ""',
      '  chroot: ""',
      `  directory: "${dir}"`,
      `  pidfile: "${dir}/unbound.pid"`,
      '  use-syslog: no',
      '  logfile: ""',
      '  module-config: "iterator"',
      '  do-ip6: no',
      '  do-not-query-localhost: no',
      '  qname-minimisation: no',
      '  access-control: 127.0.0.0/8 allow',
      'stub-zone:',
      '  name: "."',
      `  stub-addr: 127.0.0.1@${knotPort}`,
      'remote-control:',
      '  control-enable: no',
      '',
    ].join('\n'),
  )
  const processes: ChildProcess[] = [
    spawn(KNOTD, ['-c', join(dir, 'knot.conf')], { stdio: 'ignore' }),
    spawn(UNBOUND, ['-d', '-c', join(dir, 'unbound.conf')], { stdio: 'ignore' }),
  ]
  const resolver = `127.0.0.1:${unboundPort}`
  const stop = async () => {
    await Promise.all(
      processes.map(p =>
        p.exitCode !== null
          ? Promise.resolve()
          : new Promise<void>(resolve => {
              p.once('exit', () => resolve())
              p.kill('SIGTERM')
            }),
      ),
    )
    await rm(dir, { recursive: true, force: true })
  }
  // Ready when Unbound answers from Knot's data.
  const deadline = Date.now() + 10_000
  for (;;) {
    const answer = await new DnsClient([resolver], 300).query(resolver, 'ns.fixture', 'A')
    if (answer.ok && answer.records.length > 0) return { resolver, stop }
    if (Date.now() > deadline) {
      await stop()
      throw new Error('Knot and Unbound did not come up within 10 s')
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
