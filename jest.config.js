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
    : { global: { lines: 97, statements: 97, functions: 97, branches: 88 } },
}
