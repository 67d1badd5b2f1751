import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import tls from 'node:tls'

/**
 * Real HTTPS on loopback for the live checks: leaf certificates per name (SNI), signed by the throwaway CA that
 * `npm test` makes (test-support/test-ca.mjs) and the test processes trust through NODE_EXTRA_CA_CERTS. Each server
 * binds port 443, as the product dials it, on an address of its own in 127.0.0.0/8, so test files running side by side
 * never collide; a test zone maps the names to that address.
 */

export type CertificateKind =
  /** Signed by the test CA for the name, valid 90 days. */
  | 'valid'
  /** Valid for `days` more days only; issued `age` days ago (default: now), so its lifetime is `age + days`. */
  | { days: number; age?: number }
  | 'expired'
  /** Signed by the test CA for another name. */
  | 'wrong-name'
  /** Its own issuer: no CA vouches for it. */
  | 'self-signed'

export type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void

export interface Site {
  certificate?: CertificateKind
  /** By pathname; anything else is a 404. */
  routes?: Record<string, Handler>
  /** Answers every path `routes` does not (an app's own router: test-support/next-app.ts), instead of the 404. */
  fallback?: Handler
}

export interface HttpsTestServer {
  /** The loopback address it listens on, port 443; the test zone's A record for every site. */
  address: string
  requests: Array<{
    host: string
    method: string
    path: string
    /** The query, with its `?`, or ''. */
    search: string
    headers: IncomingMessage['headers']
    body: string
  }>
  /** The name (SNI) each TLS connection asked for, in order. */
  connections: string[]
  close(): Promise<void>
}

/** Why HTTPS tests cannot run here, or undefined when they can (port 443 may be bound, and the test CA is trusted). */
export async function httpsUnavailable(): Promise<string | undefined> {
  // `npm test` found that they cannot, and said why (scripts/test.mjs).
  if (process.env.CLERK_PREFLIGHT_HTTPS_SKIPPED) return process.env.CLERK_PREFLIGHT_HTTPS_SKIPPED
  const ca = process.env.NODE_EXTRA_CA_CERTS
  if (!ca || !existsSync(join(dirname(ca), 'ca.key')))
    return 'NODE_EXTRA_CA_CERTS is not the test CA: run the tests with `npm test`, which makes it'
  const probe = net.createServer()
  const error = await new Promise<NodeJS.ErrnoException | undefined>(resolve => {
    probe.once('error', resolve)
    probe.listen(443, freshLoopback(), () => probe.close(() => resolve(undefined)))
  })
  return error
    ? `cannot bind port 443 on loopback (${error.code}): run the tests with \`npm test\`, which runs them where they can`
    : undefined
}

let next = 0
/** 127.x.y.z, x from the process id: test files run in separate processes, each in its own slice of 127/8. */
function freshLoopback(): string {
  next++
  return `127.${(process.pid % 250) + 1}.${Math.floor(next / 250) % 250}.${(next % 250) + 1}`
}

const caDir = () => dirname(process.env.NODE_EXTRA_CA_CERTS as string)

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

/** A key and certificate for `name`, of the kind asked for. */
export function makeCertificate(name: string, kind: CertificateKind = 'valid'): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'clerk-preflight-leaf-'))
  try {
    const key = join(dir, 'leaf.key')
    const cert = join(dir, 'leaf.pem')
    const subject = kind === 'wrong-name' ? `other-${name}` : name
    const keyArgs = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key]
    const san = ['-subj', `/CN=${subject}`, '-addext', `subjectAltName=DNS:${subject}`]
    if (kind === 'self-signed') {
      openssl(['req', '-x509', ...keyArgs, ...san, '-days', '90', '-out', cert])
    } else if (typeof kind === 'object' && kind.age) {
      // `openssl x509 -req` cannot backdate (OpenSSL 3.0); `openssl ca` takes a start date.
      const csr = join(dir, 'leaf.csr')
      openssl(['req', '-new', ...keyArgs, ...san, '-out', csr])
      writeFileSync(join(dir, 'index.txt'), '')
      writeFileSync(
        join(dir, 'ca.cnf'),
        [
          '[ca]',
          'default_ca = leaf',
          '[leaf]',
          `database = ${join(dir, 'index.txt')}`,
          `new_certs_dir = ${dir}`,
          'rand_serial = yes',
          'default_md = sha256',
          'policy = any',
          'copy_extensions = copy',
          'unique_subject = no',
          '[any]',
          'commonName = supplied',
          '',
        ].join('\n'),
      )
      const stamp = (offsetDays: number) =>
        `${new Date(Date.now() + offsetDays * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`
      openssl([
        'ca',
        '-batch',
        '-notext',
        '-config',
        join(dir, 'ca.cnf'),
        '-cert',
        join(caDir(), 'ca.pem'),
        '-keyfile',
        join(caDir(), 'ca.key'),
        '-in',
        csr,
        '-startdate',
        stamp(-kind.age),
        '-enddate',
        stamp(kind.days),
        '-out',
        cert,
      ])
    } else {
      const csr = join(dir, 'leaf.csr')
      openssl(['req', '-new', ...keyArgs, ...san, '-out', csr])
      const days = kind === 'expired' ? -1 : typeof kind === 'object' ? kind.days : 90
      openssl([
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        join(caDir(), 'ca.pem'),
        '-CAkey',
        join(caDir(), 'ca.key'),
        '-CAcreateserial',
        '-CAserial',
        join(dir, 'ca.srl'),
        '-days',
        String(days),
        '-copy_extensions',
        'copy',
        '-out',
        cert,
      ])
    }
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** An HTTPS server for several names on one loopback address, each with its certificate and routes. */
export async function startHttpsServer(sites: Record<string, Site>): Promise<HttpsTestServer> {
  const contexts = new Map(
    Object.entries(sites).map(([name, site]) => [
      name,
      tls.createSecureContext(makeCertificate(name, site.certificate)),
    ]),
  )
  const fallback = makeCertificate('unknown.invalid')
  const requests: HttpsTestServer['requests'] = []
  const server = https.createServer(
    { ...fallback, SNICallback: (name, done) => done(null, contexts.get(name.toLowerCase())) },
    (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const host = (req.headers.host ?? '').replace(/:\d+$/, '')
        const { pathname: path, search } = new URL(req.url ?? '/', 'https://stand-in')
        const body = Buffer.concat(chunks).toString('utf8')
        requests.push({ host, method: req.method ?? 'GET', path, search, headers: req.headers, body })
        const handler = sites[host]?.routes?.[path] ?? sites[host]?.fallback
        if (handler) handler(req, body, res)
        else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      })
    },
  )
  const connections: string[] = []
  server.on('secureConnection', (socket: tls.TLSSocket) => connections.push(String(socket.servername)))
  const address = freshLoopback()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(443, address, () => resolve())
  })
  return {
    address,
    requests,
    connections,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A handler that answers with a page of HTML (or anything else, by content type). */
export function page(body: string, headers: Record<string, string> = {}, status = 200): Handler {
  return (_req, _body, res) =>
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body)
}

export function json(value: unknown, status = 200): Handler {
  return (_req, _body, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
}
