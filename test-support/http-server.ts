import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Page {
  status?: number
  headers?: Record<string, string>
  body?: string
  /** Never answer: the request hangs until the client gives up. */
  stall?: boolean
}

export interface HttpTestServer {
  origin: string
  requests: string[]
  close(): Promise<void>
}

/**
 * A web server on loopback that serves fixed pages by path; `app` (an app's own router: test-support/next-app.ts)
 * answers the paths it has no page for.
 */
export async function startHttpServer(
  pages: Record<string, Page>,
  app?: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void,
): Promise<HttpTestServer> {
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '')
    const page = pages[new URL(req.url ?? '/', 'http://stand-in').pathname]
    if (!page && app) {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => app(req, Buffer.concat(chunks).toString('utf8'), res))
      return
    }
    if (!page) {
      res.writeHead(404).end('not found')
      return
    }
    if (page.stall) return
    res.writeHead(page.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...page.headers })
    res.end(page.body ?? '<!doctype html><html><head><title>app</title></head><body>app</body></html>')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
