import { describe, expect, it } from 'vitest';
import { encodeModel, measure, measureAlternating, renderMarkdown, renderText, runBench } from '../src/index.js';

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

  it('measures the thread scaling of dcnn alone when asked for 1 thread and more', async () => {
    const report = await runBench({ suite: 'tiny', threads: [1, 2], runs: 2, warmup: 1, workers: false, peers: false });
    expect(report.rows.map((r) => `${r.name}@${r.threads}`)).toEqual(['conv3x3@1', 'depthwise3x3@1', 'conv3x3@2', 'depthwise3x3@2']);
    expect(report.scaling?.map((r) => r.name)).toEqual(['conv3x3', 'depthwise3x3']);
    for (const r of report.scaling!) {
      expect(r.threads).toBe(2);
      expect(r.ms1).toBeGreaterThan(0);
      expect(r.speedup).toBeCloseTo(r.ms1 / r.ms, 10);
    }
    expect(renderText(report)).toContain('thread scaling');
    // The markdown has both tables, separated by a blank line.
    expect(renderMarkdown(report).split('\n')).toHaveLength(2 + 4 + 1 + 2 + 2);
    const without = await runBench({ suite: 'tiny', threads: [1, 2], runs: 1, warmup: 0, workers: false, peers: false, scaling: false });
    expect(without.scaling).toBeUndefined();
  }, 60_000);

  it('lists what may have disturbed a row, of either table, under the notes', () => {
    const machine = { cpu: 'x', cores: 2, platform: 'p', node: 'n', variant: 'v' };
    const busy = 'the process was still busy';
    const text = renderText({
      machine,
      peakGflops: 50,
      rows: [{ name: 'conv3x3', threads: 1, ms: 2, gflops: 100, peers: {}, notes: [busy] }],
      scaling: [{ name: 'conv3x3', threads: 2, ms1: 2, ms: 1, speedup: 2, notes: [busy] }],
    });
    const notes = text.split('\n').slice(text.split('\n').indexOf('notes:') + 1, -2);
    expect(notes).toEqual([`  conv3x3 (1t): ${busy}`, `  conv3x3 (scaling): ${busy}`]);
  });

  it('alternates blocks of runs between the functions it compares', async () => {
    const order: string[] = [];
    let clock = 0;
    const fns = ['a', 'b'].map((name, i) => () => {
      order.push(name);
      clock += i + 1;
    });
    const [a, b] = await measureAlternating(fns, { warmup: 0, warmupMs: 0, runs: 4, blockRuns: 2, now: () => clock });
    expect(order.join('')).toBe('aabbaabb');
    expect([a.median, b.median, a.runs, b.runs]).toEqual([1, 2, 4, 4]);
  });

  it('encodes ONNX models field by field', () => {
    const bytes = encodeModel({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }], initializers: [], inputs: [{ name: 'x', dims: [2] }], outputs: [{ name: 'y', dims: [2] }] });
    // ModelProto field 1 (ir_version) = 8, then field 2 (producer_name) "dcnn-bench".
    expect(Array.from(bytes.slice(0, 4))).toEqual([0x08, 8, 0x12, 10]);
    expect(new TextDecoder().decode(bytes.slice(4, 14))).toBe('dcnn-bench');
    expect(new TextDecoder().decode(bytes)).toContain('Relu');
  });
});
