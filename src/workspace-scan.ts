import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs'
import { join, relative } from 'node:path'

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

/** A heuristic scan of the workspace, bounded in files and size; the app's own build output is skipped. */
export async function findClerkCalls(root: string): Promise<ClerkCall[]> {
  const calls: ClerkCall[] = []
  let seen = 0
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
      } else if (entry.isFile() && SOURCE.test(entry.name)) {
        seen++
        const path = join(dir, entry.name)
        if (statSync(path).size > MAX_BYTES) continue
        const text = readFileSync(path, 'utf8')
        if (!text.includes('clerkMiddleware(') && !text.includes('authenticateRequest(')) continue
        const mentions = text.includes('authorizedParties')
        text.split('\n').forEach((line, i) => {
          const call = /\bclerkMiddleware\(/.test(line)
            ? 'clerkMiddleware'
            : /\bauthenticateRequest\(/.test(line)
              ? 'authenticateRequest'
              : undefined
          if (call) calls.push({ file: relative(root, path), line: i + 1, call, mentionsAuthorizedParties: mentions })
        })
      }
    }
  }
  walk(root)
  return calls
}
