// ts-jest's ESM preset: @actions/core 3 and @actions/github 9 ship ESM only, so the tests run as ES modules too
// (npm test sets --experimental-vm-modules).
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testTimeout: 20000,
  // Two test files at once: most of a file's time is waiting (peers on loopback, the bundled action's runs), and files
  // share no ports (the HTTPS stand-ins bind port 443 on loopback addresses of their own, the rest port 0). On the
  // 2-core CI machine the suite took 615 s in one worker, 241 s in two (with the release test's stand-in, 2026-12-07).
  maxWorkers: 2,
  // Enforced on every full run; thresholds sit just under what the suite reaches, so coverage cannot quietly drop. Not
  // where the HTTPS tests could not run (scripts/test.mjs says why in its first line): coverage is judged on what ran.
  collectCoverage: true,
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: process.env.CLERK_PREFLIGHT_HTTPS_SKIPPED
    ? {}
    : // Measured 2026-12-07 on the whole suite (CI, a clean clone): lines and statements 98.1%, functions 97.5%,
      // branches 89.8%, once the checks that were tested only through the bundle, the command and the override's actor
      // were tested in process too. Only src/cli/index.ts, the command's process entry, is left to a child process.
      { global: { lines: 97, statements: 97, functions: 97, branches: 89 } },
}
