/** The conformance matrix: rows are ops or layers, columns backends, cells passed/total and the worst relL2. */
import type { ConformanceResult } from './results.js';

export interface MatrixCell {
  passed: number;
  total: number;
  failed: number;
  errored: number;
  unsupported: number;
  /** The largest relL2 over the cell's compared cases. */
  worstRelL2?: number;
}

export interface Matrix {
  rows: string[];
  backends: string[];
  cell(row: string, backend: string): MatrixCell | undefined;
}

/** The row a result belongs to: its group, else the op before the first `/` of its name. */
export function rowOf(r: ConformanceResult): string {
  return r.group ?? r.case.split('/')[0];
}

export function buildMatrix(results: readonly ConformanceResult[]): Matrix {
  const cells = new Map<string, MatrixCell>();
  const rows: string[] = [];
  const backends: string[] = [];
  for (const r of results) {
    const row = rowOf(r);
    if (!rows.includes(row)) rows.push(row);
    if (!backends.includes(r.backend)) backends.push(r.backend);
    const key = `${row}\u0000${r.backend}`;
    const cell = cells.get(key) ?? { passed: 0, total: 0, failed: 0, errored: 0, unsupported: 0 };
    cell.total++;
    if (r.status === 'pass') cell.passed++;
    else if (r.status === 'fail') cell.failed++;
    else if (r.status === 'error') cell.errored++;
    else cell.unsupported++;
    if (r.relL2 !== undefined && !Number.isNaN(r.relL2)) cell.worstRelL2 = Math.max(cell.worstRelL2 ?? 0, r.relL2);
    cells.set(key, cell);
  }
  return { rows, backends, cell: (row, backend) => cells.get(`${row}\u0000${backend}`) };
}

/** `41/43 ≤2.1e-7 (1 unsupported)`, or `-` for an empty cell. */
export function formatCell(cell: MatrixCell | undefined): string {
  if (!cell) return '-';
  const rel = cell.worstRelL2 !== undefined ? ` ${cell.worstRelL2.toExponential(1)}` : '';
  const extra = cell.unsupported ? ` (${cell.unsupported} unsup.)` : '';
  return `${cell.passed}/${cell.total}${rel}${extra}`;
}

/** A plain-text table for a terminal. */
export function renderMatrixText(m: Matrix): string {
  const header = ['op / layer', ...m.backends];
  const body = m.rows.map((row) => [row, ...m.backends.map((b) => formatCell(m.cell(row, b)))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** A Markdown table (the docs page). */
export function renderMatrixMarkdown(m: Matrix): string {
  const header = `| op / layer | ${m.backends.join(' | ')} |`;
  const rule = `| --- | ${m.backends.map(() => '---').join(' | ')} |`;
  const body = m.rows.map((row) => `| \`${row}\` | ${m.backends.map((b) => formatCell(m.cell(row, b))).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}
