import { startDnsServer } from '../test-support/dns-server.js'
import { benchZone } from './zone.js'

// The loopback DNS servers of the DNS benchmark, in a process of their own so that their work is not timed as the
// action's. Argument: {"servers": 3, "domains": 50, "delayMs": 100}. Over IPC: sends {addresses} once listening;
// answers 'log' with the questions asked, and the most held at once, since the last 'log', per server; exits when the parent goes.

const {
  servers: count,
  domains,
  delayMs,
} = JSON.parse(process.argv[2] ?? '{}') as {
  servers: number
  domains: number
  delayMs: number
}
const records = benchZone(domains)
const servers = await Promise.all(Array.from({ length: count }, () => startDnsServer({ records, delayMs })))
const seen = servers.map(() => 0)
process.on('message', message => {
  if (message !== 'log') return
  process.send?.(
    servers.map((server, i) => {
      const asked = server.queries.slice(seen[i])
      seen[i] = server.queries.length
      const { maxOutstanding } = server
      server.resetMaxOutstanding()
      return { address: server.address, asked, maxOutstanding }
    }),
  )
})
process.on('disconnect', () => void Promise.all(servers.map(s => s.close())).then(() => process.exit(0)))
process.send?.({ addresses: servers.map(s => s.address) })
