import { describe, expect, it } from 'vitest';
import { renderText, type WebGPUBenchReport } from '../src/webgpu.js';

// The text `dcnn bench --backend webgpu` prints is a contract: pinned here on a fixed report
// (the page itself needs headless Chromium and minutes; the CLI runs it).
const report: WebGPUBenchReport = {
  adapter: 'google swiftshader',
  fallbackAdapter: true,
  clock: 'wall time',
  note: 'SOFTWARE ADAPTER',
  rows: [
    {
      name: 'conv3x3',
      flops: 1,
      results: {
        'dcnn-webgpu': { firstMs: 974.2, medianMs: 176.9, runs: 1, gpuMs: 148.5 },
        'tfjs-webgpu': { firstMs: 900, medianMs: 754.1, runs: 1, gpuMs: 417.2 },
        'ort-webgpu': { firstMs: 1000, medianMs: 1303, runs: 1 },
      },
      ratios: { 'tfjs-webgpu': 4.2645, 'ort-webgpu': 7.3658 },
      agreement: 5.47e-7,
    },
    {
      name: 'deform3x3',
      results: { 'dcnn-webgpu': { firstMs: 193, medianMs: 305.2, runs: 1 }, 'ort-webgpu': { firstMs: 21, medianMs: 18, runs: 1 }, 'tfjs-webgpu': { error: 'no op' } },
      note: 'ORT runs it on its CPU kernel',
    },
  ],
};

describe('webgpu benchmark report', () => {
  it('renders the table, the verdict, GPU times, agreement and notes', () => {
    expect(renderText(report).split('\n')).toEqual([
      'adapter: google swiftshader',
      'SOFTWARE ADAPTER',
      'clock: wall time; ratios are peer time / dcnn time (> 1: dcnn faster)',
      'row        dcnn-webgpu  tfjs-webgpu  ort-webgpu  vs tfjs  vs ort  first run (dcnn)',
      'conv3x3       176.9 ms     754.1 ms   1303.0 ms    4.26×   7.37×            974 ms',
      'deform3x3     305.2 ms        error     18.0 ms        —   0.06×            193 ms',
      'not yet faster than both peers: deform3x3',
      'GPU time (timestamp queries): conv3x3: dcnn-webgpu 148.5 ms, tfjs-webgpu 417.2 ms',
      'agreement with ORT, relL2: conv3x3 5.5e-7',
      'note, deform3x3: ORT runs it on its CPU kernel',
    ]);
  });
});
