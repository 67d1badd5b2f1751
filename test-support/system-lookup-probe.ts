// Run by __tests__/runner-side.test.ts in a network namespace of its own (loopback only, `unshare -rn`), where the
// system's resolver cannot be reached: prints what the HTTP client makes of getaddrinfo's answer, as JSON.
import { DnsClient } from '../src/dns/client.js'
import { HttpClient } from '../src/web/http-client.js'

const http = new HttpClient({ dns: new DnsClient([], 500), resolveThroughDns: false, timeoutMs: 3000 })
process.stdout.write(JSON.stringify(await http.handshake('clerk.example.com')))
