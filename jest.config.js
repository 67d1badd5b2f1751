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
  // Enforced on every full run; thresholds sit just under what the suite reaches, so coverage cannot quietly drop. Not
  // where the HTTPS tests could not run (scripts/test.mjs says why in its first line): coverage is judged on what ran.
  collectCoverage: true,
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: process.env.CLERK_PREFLIGHT_HTTPS_SKIPPED
    ? {}
    : // Measured 2026-12-07 on the whole suite: lines and statements 97.4%, functions 96.5%, branches 88.4%, once
      // clerk.jwt-templates, clerk.proxy and auth.token-consumers were tested in process too. The override's actor and
      // the command are still tested only through the bundled action or as a child process, which jest does not count.
      { global: { lines: 97, statements: 97, functions: 96, branches: 88 } },
}
