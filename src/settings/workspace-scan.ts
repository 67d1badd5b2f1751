import { closeSync, openSync, readdirSync, readSync, type Dirent } from 'node:fs'
import { join, relative, sep } from 'node:path'

/** Where the app's code calls Clerk's request authentication, and whether the file mentions authorizedParties. */
export interface ClerkCall {
  file: string
  line: number
  call: 'clerkMiddleware' | 'authenticateRequest'
  mentionsAuthorizedParties: boolean
}

const SOURCE = /\.(?:[cm]?[jt]sx?)$/
const SKIP = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'out',
  '.next',
  '.vercel',
  '.turbo',
  'coverage',
  '.svelte-kit',
  '.output',
])
const MAX_FILES = 5000
const MAX_BYTES = 1024 * 1024

/** Fills `buffer` from the start of the file; how many bytes it holds, or undefined when the file cannot be read. */
function readStart(path: string, buffer: Buffer): number | undefined {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    // A file the runner's user may not read (left by a container running as root, say) is not the app's code to judge.
    return undefined
  }
  try {
    let filled = 0
    while (filled < buffer.length) {
      const n = readSync(fd, buffer, filled, buffer.length - filled, null)
      if (n === 0) break
      filled += n
    }
    return filled
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

/** A file the walk hands over: its path from the workspace root, and its first bytes (the whole file when it fits). */
export interface WalkedFile {
  /** From the workspace root, with `/` between folders whatever the platform. */
  path: string
  name: string
  bytes: Buffer
}

/**
 * Every wanted file of the workspace, in one bounded walk: at most 5,000 files are looked at, each read up to 1 MiB
 * (a larger one is passed over), folders of dependencies and build output and hidden folders skipped. `visit` gets the
 * bytes in a buffer the next file reuses: it keeps what it needs, never the buffer.
 */
export function walkWorkspace(root: string, wants: (name: string) => boolean, visit: (file: WalkedFile) => void): void {
  let seen = 0
  // One buffer for every file, one byte longer than the largest file read: most files are searched as bytes and never
  // decoded, and a file too large is known by filling it.
  const buffer = Buffer.allocUnsafe(MAX_BYTES + 1)
  // Synchronous on purpose: the scan is bounded, and node:fs/promises would cost every run more at start-up.
  const walk = (dir: string): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (seen >= MAX_FILES) return
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name))
      } else if (entry.isFile() && wants(entry.name)) {
        seen++
        const path = join(dir, entry.name)
        const size = readStart(path, buffer)
        if (size === undefined || size > MAX_BYTES) continue
        visit({ path: relative(root, path).split(sep).join('/'), name: entry.name, bytes: buffer.subarray(0, size) })
      }
    }
  }
  walk(root)
}

/** Whether a walked file is the app's source code (JavaScript or TypeScript). */
export function isSourceFile(name: string): boolean {
  return SOURCE.test(name)
}

/** A heuristic scan of the workspace, bounded in files and size; the app's own build output is skipped. */
export async function findClerkCalls(root: string): Promise<ClerkCall[]> {
  const calls: ClerkCall[] = []
  walkWorkspace(root, isSourceFile, ({ path, bytes }) => {
    if (bytes.indexOf('clerkMiddleware(') === -1 && bytes.indexOf('authenticateRequest(') === -1) return
    const text = bytes.toString('utf8')
    const mentions = text.includes('authorizedParties')
    text.split('\n').forEach((line, i) => {
      const call = /\bclerkMiddleware\(/.test(line)
        ? 'clerkMiddleware'
        : /\bauthenticateRequest\(/.test(line)
          ? 'authenticateRequest'
          : undefined
      if (call) calls.push({ file: path, line: i + 1, call, mentionsAuthorizedParties: mentions })
    })
  })
  // In path order, whatever order the file system lists directories in, so that reports compare across runs.
  return calls.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
}
