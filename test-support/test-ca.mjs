// Makes the throwaway certificate authority the tests serve HTTPS under, and prints the path of its certificate.
// `npm test` runs this first and hands the path to jest as NODE_EXTRA_CA_CERTS, which Node reads only when a process
// starts: so the test processes, and the bundled action they spawn, trust this CA and nothing else new. A fresh CA per
// run, in a fresh temporary directory; its key never leaves the machine and signs only loopback test certificates.
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

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
process.stdout.write(join(dir, 'ca.pem'))
