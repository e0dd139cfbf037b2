import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '@dcnn/core';
import { runOnnxTest } from '../src/index.js';
import { floatTensor, intAttr, oneNodeModel } from './support/proto-writer.js';

// Paths the ONNX vectors do not reach, checked against values computed here by hand-written loops.
const x = Array.from({ length: 24 }, (_, i) => Math.sin(i) * 3);

function softmaxRows(values: number[], rows: number): number[] {
  const width = values.length / rows;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = values.slice(r * width, (r + 1) * width);
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}

const run = (opset: number, attrs: number[], expected: number[]) =>
  runOnnxTest(createReferenceBackend(), {
    name: 'hand',
    model: oneNodeModel(opset, 'Softmax', ['x'], ['y'], attrs),
    inputs: [new Uint8Array(floatTensor('x', [2, 3, 4], x))],
    outputs: [new Uint8Array(floatTensor('y', [2, 3, 4], expected))],
  });

describe('ONNX Softmax across opsets', () => {
  it('opset 11 flattens at axis 1 by default: one softmax over 12 values per sample', async () => {
    expect((await run(11, [], softmaxRows(x, 2))).status).toBe('pass');
  });

  it('opset 11 with axis 2 is a softmax over the last 4 values', async () => {
    expect((await run(11, intAttr('axis', 2), softmaxRows(x, 6))).status).toBe('pass');
  });

  it('opset 13 defaults to the last axis (and the flattened answer then fails)', async () => {
    expect((await run(13, [], softmaxRows(x, 6))).status).toBe('pass');
    const wrong = await run(13, [], softmaxRows(x, 2));
    expect(wrong.status).toBe('fail');
    expect(wrong.message).toMatch(/element \d+ is/);
  });
});
