import { describe, expect, it } from 'vitest';
import { allPassed, buildMatrix, renderConformancePage, renderMatrixText, toReport, type ConformanceResult } from '../src/index.js';

const rows: ConformanceResult[] = [
  { case: 'conv2d/a', backend: 'x', status: 'pass', relL2: 1e-7, maxAbs: 1e-6, seed: 1 },
  { case: 'conv2d/b', backend: 'x', status: 'fail', relL2: 2e-3, maxAbs: 1e-2, message: 'conv2d/b on x, seed 1: ...' },
  { case: 'conv2d/a', backend: 'y', status: 'pass', relL2: 0, maxAbs: 0 },
  { case: 'onnx/test_pad', backend: 'x', status: 'unsupported', group: 'onnx:Pad', message: 'no dcnn mapping for ONNX op(s): Pad' },
];

describe('matrix and report', () => {
  it('counts passed/total and the worst relL2 per row and backend', () => {
    const m = buildMatrix(rows);
    expect(m.rows).toEqual(['conv2d', 'onnx:Pad']);
    expect(m.backends).toEqual(['x', 'y']);
    expect(m.cell('conv2d', 'x')).toMatchObject({ passed: 1, total: 2, failed: 1, worstRelL2: 2e-3 });
    const text = renderMatrixText(m);
    expect(text).toMatch(/^conv2d\s+1\/2 2\.0e-3\s+1\/1 0\.0e\+0$/m);
    expect(text).toMatch(/^onnx:Pad\s+0\/1 \(1 unsup\.\)\s+-$/m);
  });

  it('writes only the report fields and judges the exit status', () => {
    const report = toReport(rows);
    expect(Object.keys(report.results[0])).toEqual(['case', 'backend', 'status', 'relL2', 'maxAbs']);
    expect(allPassed(rows)).toBe(false);
    expect(allPassed(rows.filter((r) => r.status !== 'fail'))).toBe(true);
  });

  it('renders the docs page with failures and unsupported tests and their reasons', () => {
    const page = renderConformancePage({ results: rows, unavailable: [{ name: 'webgl', reason: 'no GPU' }], seeds: [1], command: 'pnpm dcnn docs conformance' });
    expect(page).toContain('| `conv2d` | 1/2 2.0e-3 | 1/1 0.0e+0 |');
    expect(page).toContain('- `webgl`: no GPU');
    expect(page).toContain('- `conv2d/b` on `x`: conv2d/b on x, seed 1: ...');
    expect(page).toContain('- `test_pad`: no dcnn mapping for ONNX op(s): Pad');
  });
});
