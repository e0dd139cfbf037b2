// Adds up the vitest JSON reports every package writes to .test-results/ and prints one
// closing line, `tests: N passed, N failed, N skipped`, so CI logs end with the whole count.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const group of ['packages', 'apps']) {
  for (const dir of readdirSync(join(root, group))) {
    const pkg = join(root, group, dir);
    if (!existsSync(join(pkg, 'package.json'))) continue;
    const { scripts = {} } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    if (!scripts.test) continue;
    const results = join(pkg, '.test-results');
    const files = existsSync(results) ? readdirSync(results).filter((f) => f.endsWith('.json')) : [];
    if (files.length === 0) missing.push(`${group}/${dir}`);
    for (const f of files) {
      const report = JSON.parse(readFileSync(join(results, f), 'utf8'));
      passed += report.numPassedTests ?? 0;
      failed += report.numFailedTests ?? 0;
      skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    }
  }
}
if (missing.length) console.log(`test-summary: no vitest report from ${missing.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0;
