import { describe, expect, it } from 'vitest';
import { activations, opNames } from '@dcnn/core';
import { caseInputs, createRng, hashSeed, opCatalogue, type OpCaseSpec } from '../src/index.js';

const ops = opCatalogue.filter((c): c is OpCaseSpec => c.kind === 'op');

describe('the op catalogue', () => {
  it('has unique case names', () => {
    const names = opCatalogue.map((c) => c.name);
    expect(names.length).toBe(new Set(names).size);
  });

  it('checks every op of the spec, and every activation on every fused op', () => {
    for (const op of opNames) expect(ops.some((c) => c.op === op && !c.expectError), op).toBe(true);
    for (const op of ['conv2d', 'dynamicConv2d', 'deformConv2d', 'dense'] as const) {
      for (const a of activations) expect(ops.some((c) => c.op === op && c.attrs?.activation === a), `${op} ${a}`).toBe(true);
    }
  });

  it('has error cases of each class the spec names for the conv family', () => {
    for (const op of ['conv2d', 'dynamicConv2d', 'deformConv2d']) {
      expect(ops.some((c) => c.op === op && c.expectError === 'ShapeError'), op).toBe(true);
      expect(ops.some((c) => c.op === op && c.expectError === 'AttributeError'), op).toBe(true);
    }
  });

  it('draws the same inputs from the same seed and different ones from another', () => {
    const c = ops.find((x) => x.name === 'conv2d/3x3')!;
    const a = caseInputs(c, 5).x as { data: Float32Array };
    const b = caseInputs(c, 5).x as { data: Float32Array };
    const other = caseInputs(c, 6).x as { data: Float32Array };
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(other.data);
    expect(createRng(hashSeed(1, 'a')).next()).not.toBe(createRng(hashSeed(1, 'b')).next());
  });

  it('aims border offsets exactly at -1, 0, H-1 or H', () => {
    const c = ops.find((x) => x.name === 'deformConv2d/offsets-on-border')!;
    const off = caseInputs(c, 3).offset as { shape: number[]; data: Float32Array };
    const [, , oh, ow] = off.shape;
    // First tap (p = q = 0) of the first sample: h = i - 1 + offset (stride 1, top pad 1).
    const h = 6;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) expect([-1, 0, h - 1, h]).toContain(i - 1 + off.data[i * ow + j]);
    }
  });
});
