/**
 * docs/models.md stays true: every "ours" figure in its tables is what the counter gives for the
 * command in the same row, and every published parameter figure agrees with ours to the
 * precision it is printed with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, countModel, models, type ModelName } from '../src/index.js';

const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'models.md'), 'utf8');
const rows = doc.split('\n').filter((l) => /^\| .* \| `[a-z0-9-]+[^`]*` \| [\d,]+ \|/.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
const int = (s: string) => Number(s.replaceAll(',', ''));

function counted(command: string) {
  const [name, ...rest] = command.replaceAll('`', '').split(' ');
  const flags: Record<string, number> = {};
  for (let i = 0; i < rest.length; i += 2) flags[rest[i].replace(/^--/, '')] = Number(rest[i + 1]);
  const size = flags.size ?? models[name as ModelName].inputSize;
  return countModel(buildModel(name, { width: flags.width, kernels: flags.kernels }), [1, 3, size, size]);
}

describe('docs/models.md', () => {
  it('has both tables', () => {
    expect(rows.filter((r) => r.length === 6)).toHaveLength(13);
    expect(rows.filter((r) => r.length === 4).length).toBeGreaterThanOrEqual(5);
  });

  for (const row of rows) {
    it(`${row[0]} (${row[1]})`, () => {
      const c = counted(row[1]);
      const [params, macs] = row.length === 6 ? [row[2], row[4]] : [row[2], row[3]];
      expect(c.params).toBe(int(params));
      expect(c.macs).toBe(int(macs));
      if (row.length === 6) {
        const published = row[3].replace('M', '');
        const decimals = published.split('.')[1]?.length ?? 0;
        expect((c.params / 1e6).toFixed(decimals)).toBe(published);
      }
    });
  }
});
