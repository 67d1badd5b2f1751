import { readdirSync } from 'node:fs'

// Each check's judgment (src/checks/<check>.run.ts) is imported when the check first runs, and the runner starts every
// check at once. jest runs the tests as ES modules in node:vm, where two import()s at once of modules that share a
// dependency can fail to link ("request for … can not be resolved on module … that is not linked": Node's link() does
// not wait for a graph another import is still linking; jestjs/jest#16394). So every test file loads the judgments
// first, one at a time, and a check's import() then finds its module loaded. The bundle loads them with webpack's
// chunk loader, which has no such race, and the tests of the bundled action (dist/) load them lazily, as users' runs do.
const judgments = readdirSync(new URL('../src/checks/', import.meta.url)).filter(file => file.endsWith('.run.ts'))
for (const file of judgments.sort()) await import(`../src/checks/${file.replace(/\.ts$/, '.js')}`)
