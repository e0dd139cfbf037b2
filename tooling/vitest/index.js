// Shared vitest preset: tests import workspace packages from their sources, so a test run
// never depends on a stale build. Each package's vitest.config.ts spreads this.
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Maps `@dcnn/<dir>` to `packages/<dir>/src/index.ts` for every package that has one, and a
 * subpath export `@dcnn/<dir>/<sub>` (e.g. `@dcnn/conformance/node`) to `src/<sub>.ts`.
 */
export function workspaceAliases() {
  const aliases = [];
  for (const dir of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', dir, 'src');
    if (!existsSync(join(src, 'index.ts'))) continue;
    aliases.push({ find: new RegExp(`^@dcnn/${dir}$`), replacement: join(src, 'index.ts') });
    aliases.push({ find: new RegExp(`^@dcnn/${dir}/(?!package\\.json$)(.+)$`), replacement: `${src}/$1.ts` });
  }
  return aliases;
}

/**
 * The console reporter plus a JSON report in `.test-results/<name>.json`, which
 * tooling/scripts/test-summary.mjs adds up into the closing line of `pnpm test`.
 */
export function reporters(name) {
  return ['default', ['json', { outputFile: `.test-results/${name}.json` }]];
}

/** The node test preset. */
export function nodePreset(overrides = {}) {
  return {
    resolve: { alias: workspaceAliases() },
    test: {
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 60_000,
      reporters: reporters('node'),
      ...overrides,
    },
  };
}
