// Shared vitest preset: tests import workspace packages from their sources, so a test run
// never depends on a stale build. Each package's vitest.config.ts spreads this.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Maps every export of every workspace package to its source file: `@dcnn/<dir>` to
 * `packages/<dir>/src/index.ts`, and a subpath export `@dcnn/<dir>/<sub>` to the export's
 * `source` condition when it declares one (e.g. `"./extra": { "source": "./lib/extra.ts" }`),
 * else to `src/<sub>.ts` (e.g. `@dcnn/bench/webgpu` to `packages/bench/src/webgpu.ts`).
 */
export function workspaceAliases() {
  const aliases = [];
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkgDir = join(root, 'packages', dir);
    if (!existsSync(join(pkgDir, 'src', 'index.ts')) || !existsSync(join(pkgDir, 'package.json'))) continue;
    const { name, exports = {} } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const escaped = name.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&');
    aliases.push({ find: new RegExp(`^${escaped}$`), replacement: join(pkgDir, 'src', 'index.ts') });
    for (const [key, target] of Object.entries(exports)) {
      if (key === '.' || key === './package.json') continue;
      const sub = key.slice(2);
      const source = typeof target === 'object' && target.source ? join(pkgDir, target.source) : join(pkgDir, 'src', `${sub}.ts`);
      aliases.push({ find: new RegExp(`^${escaped}/${sub.replace(/[/.]/g, '\\$&')}$`), replacement: source });
    }
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
