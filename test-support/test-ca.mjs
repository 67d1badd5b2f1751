// Makes the throwaway certificate authority the tests serve HTTPS under. `npm test` (scripts/test.mjs) makes one per
// run, hands the path of its certificate to jest as NODE_EXTRA_CA_CERTS, which Node reads only when a process starts,
// so the test processes, and the bundled action they spawn, trust this CA and nothing else new, and removes it after.
// A fresh CA per run, in a fresh temporary directory; its key never leaves the machine and signs only loopback test
// certificates. Run as a script, it prints the certificate's path and leaves the directory (for `npm run bench`).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** A new CA: `certificate` is the path of its PEM certificate, `remove()` deletes it and its key. */
export function makeTestCa() {
  const dir = mkdtempSync(join(tmpdir(), 'clerk-preflight-test-ca-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'ca.key'),
      '-out',
      join(dir, 'ca.pem'),
      '-subj',
      '/CN=clerk-preflight throwaway test CA',
      '-days',
      '2',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  return { certificate: join(dir, 'ca.pem'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(makeTestCa().certificate)
}
