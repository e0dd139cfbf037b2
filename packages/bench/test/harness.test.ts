import { describe, expect, it } from 'vitest';
import { encodeModel, measure, renderMarkdown, renderText, runBench } from '../src/index.js';

describe('bench harness (tiny shapes, 2 runs)', () => {
  it('measures dcnn and both peers and renders the report', async () => {
    const report = await runBench({ suite: 'tiny', threads: [1], runs: 2, warmup: 1, workers: false });
    expect(report.peakGflops).toBeGreaterThan(0);
    expect(report.rows.map((r) => r.name)).toEqual(['conv3x3', 'depthwise3x3']);
    for (const row of report.rows) {
      expect(row.threads).toBe(1);
      expect(row.ms).toBeGreaterThan(0);
      expect(row.gflops).toBeGreaterThan(0);
      expect(row.peers['tfjs-wasm']).toBeGreaterThan(0);
      expect(row.peers['ort-web']).toBeGreaterThan(0);
    }
    expect(renderText(report)).toContain('conv3x3');
    expect(renderMarkdown(report).split('\n')).toHaveLength(2 + report.rows.length);
  }, 60_000);

  it('takes the median of the timed runs', async () => {
    // A fake clock that each run advances by its own duration: no wall time, no flakiness.
    const durations = [5, 1, 9];
    let clock = 0;
    let i = 0;
    const t = await measure(() => {
      clock += durations[i++ % 3];
    }, { warmup: 0, warmupMs: 0, runs: 3, now: () => clock });
    expect(t).toEqual({ median: 5, min: 1, runs: 3 });
  });

  it('encodes ONNX models field by field', () => {
    const bytes = encodeModel({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }], initializers: [], inputs: [{ name: 'x', dims: [2] }], outputs: [{ name: 'y', dims: [2] }] });
    // ModelProto field 1 (ir_version) = 8, then field 2 (producer_name) "dcnn-bench".
    expect(Array.from(bytes.slice(0, 4))).toEqual([0x08, 8, 0x12, 10]);
    expect(new TextDecoder().decode(bytes.slice(4, 14))).toBe('dcnn-bench');
    expect(new TextDecoder().decode(bytes)).toContain('Relu');
  });
});
