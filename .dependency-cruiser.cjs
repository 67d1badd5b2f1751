// The import graph of src/ (__tests__/import-graph.test.ts): no circle, and the layers of CONTRIBUTING's architecture.
// Type-only imports count: a circle through types still ties the modules together.
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'checks-below-the-runner',
      comment:
        'A check imports its vocabulary (src/checks/shared) and the rules and I/O it judges with, never what runs or publishes it.',
      severity: 'error',
      from: { path: '^src/checks/' },
      to: { path: '^src/(runner|render|github|main|gate|output)' },
    },
    {
      name: 'report-names-no-check',
      comment: "The report's types are below the registry: they name no check.",
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/checks/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
}
