/**
 * The four-channel depthwise kernel (assembly/depthwise-small.ts) called directly, between
 * canaries: it must write its M output planes and its scratch block and nothing else (the lanes
 * past the last channel of a short group are computed but never stored), and give the bits of
 * the plain loop below, which rounds to float32 after every multiply and add in the kernel's
 * order (the SIMD build has no fused multiply-add).
 */
import { describe, expect, it } from 'vitest';
import type { WasmExports } from '../src/exports.js';
import { loadModule } from '../src/load.js';

interface Geometry {
  H: number; W: number; M: number; mPerGroup: number;
  sh: number; sw: number; top: number; left: number; bottom: number; right: number;
}

const geometries: Record<string, Geometry> = {
  'a short group of one channel, 7×7, pad 1': { H: 7, W: 7, M: 5, mPerGroup: 1, sh: 1, sw: 1, top: 1, left: 1, bottom: 1, right: 1 },
  'a short group of two, multiplier 2, stride 2': { H: 9, W: 11, M: 6, mPerGroup: 2, sh: 2, sw: 2, top: 1, left: 1, bottom: 1, right: 1 },
  'a short group of three, asymmetric pads, column stride 2': { H: 6, W: 5, M: 7, mPerGroup: 1, sh: 1, sw: 2, top: 2, left: 0, bottom: 0, right: 2 },
  'one output column, row stride 3': { H: 10, W: 3, M: 4, mPerGroup: 2, sh: 3, sw: 2, top: 0, left: 0, bottom: 0, right: 0 },
  'inputs past the last window': { H: 8, W: 10, M: 3, mPerGroup: 1, sh: 2, sw: 2, top: 0, left: 0, bottom: 0, right: 0 },
  'a map smaller than the kernel': { H: 2, W: 1, M: 9, mPerGroup: 1, sh: 1, sw: 1, top: 2, left: 1, bottom: 1, right: 2 },
};

const CANARY = Math.fround(-1234.5);
const PAD = 64; // floats of canary around every block

function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** The kernel's arithmetic one float32 rounding at a time, taps in row-major order. */
function reference(g: Geometry, x: Float32Array, w: Float32Array, bias: Float32Array, oh: number, ow: number): Float32Array {
  const f = Math.fround;
  const y = new Float32Array(g.M * oh * ow);
  for (let m = 0; m < g.M; m++) {
    const cin = Math.floor(m / g.mPerGroup);
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let acc = 0;
        for (let t = 0; t < 9; t++) {
          const r = i * g.sh - g.top + Math.floor(t / 3);
          const c = j * g.sw - g.left + (t % 3);
          const v = r >= 0 && r < g.H && c >= 0 && c < g.W ? x[(cin * g.H + r) * g.W + c] : 0;
          const product = f(w[m * 9 + t] * v);
          acc = t === 0 ? product : f(acc + product);
        }
        y[(m * oh + i) * ow + j] = f(acc + bias[m]);
      }
    }
  }
  return y;
}

describe('the four-channel depthwise kernel', () => {
  for (const [name, g] of Object.entries(geometries)) {
    it(`${name}: writes its outputs and scratch only, with the plain loop's bits`, async () => {
      const oh = Math.floor((g.H + g.top + g.bottom - 3) / g.sh) + 1;
      const ow = Math.floor((g.W + g.left + g.right - 3) / g.sw) + 1;
      const C = g.M / g.mPerGroup;
      const memory = new WebAssembly.Memory({ initial: 4 });
      const k = (await WebAssembly.instantiate(await loadModule('dcnn-simd'), { env: { memory } })).exports as unknown as WasmExports;
      const heap = new Float32Array(memory.buffer);
      const base = Math.ceil(k.heapBase() / 64) * 16 + PAD;
      const x = values(C * g.H * g.W, 1), w = values(g.M * 9, 2), bias = values(g.M, 3);
      const scratchFloats = k.depthwiseSmallScratch(oh, ow, g.sh, g.sw);
      // Blocks at float offsets, each followed by PAD canaries.
      const sizes = { x: x.length, w: w.length, bias: bias.length, y: g.M * oh * ow, scratch: scratchFloats };
      const at: Record<string, number> = {};
      let next = base;
      for (const [block, size] of Object.entries(sizes)) {
        at[block] = next;
        next += Math.ceil(size / 16) * 16 + PAD;
      }
      expect(next * 4).toBeLessThan(memory.buffer.byteLength);
      heap.fill(CANARY, base - PAD, next);
      heap.set(x, at.x);
      heap.set(w, at.w);
      heap.set(bias, at.bias);
      const status = k.depthwiseSmall(
        at.x * 4, at.w * 4, at.bias * 4, 0, at.y * 4, g.H, g.W, g.M, g.mPerGroup,
        g.sh, g.sw, g.top, g.left, oh, ow, 0, at.scratch * 4, 0, Math.ceil(g.M / 4),
      );
      expect(status).toBe(0);
      expect(Array.from(heap.subarray(at.y, at.y + sizes.y))).toEqual(Array.from(reference(g, x, w, bias, oh, ow)));
      // Everything outside the output and scratch blocks is as it was.
      const untouched: number[] = [];
      for (let i = base - PAD; i < next; i++) {
        const inY = i >= at.y && i < at.y + sizes.y;
        const inScratch = i >= at.scratch && i < at.scratch + scratchFloats;
        const input = [at.x, at.w, at.bias].some((start, b) => i >= start && i < start + [x, w, bias][b].length);
        if (!inY && !inScratch && !input && heap[i] !== CANARY) untouched.push(i);
      }
      expect(untouched).toEqual([]);
      expect(Array.from(heap.subarray(at.x, at.x + x.length))).toEqual(Array.from(x));
    });
  }

  it('refuses a group range past the channels', async () => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const k = (await WebAssembly.instantiate(await loadModule('dcnn-simd'), { env: { memory } })).exports as unknown as WasmExports;
    const p = 4096;
    // 5 channels make 2 groups of four: [0, 3) reaches past them; [1, 0) is reversed.
    expect(k.depthwiseSmall(p, p, 0, 0, p, 4, 4, 5, 1, 1, 1, 1, 1, 4, 4, 0, p, 0, 3)).toBe(1);
    expect(k.depthwiseSmall(p, p, 0, 0, p, 4, 4, 5, 1, 1, 1, 1, 1, 4, 4, 0, p, 1, 0)).toBe(1);
  });
});
