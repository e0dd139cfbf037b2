import { describe, expect, it } from 'vitest';
import { createReferenceBackend, type AnyBackend } from '@dcnn/core';
import { judge, modelCases, opCatalogue, runCatalogue } from '../src/index.js';

/** The reference with one kernel swapped for a wrong one. */
function withKernel(name: string, op: string, wrong: (kernels: AnyBackend['kernels']) => unknown): AnyBackend {
  const ref = createReferenceBackend({ precision: 'float32' });
  return { ...ref, name, kernels: { ...ref.kernels, [op]: wrong(ref.kernels) } } as AnyBackend;
}

describe('a deliberately broken kernel is caught', () => {
  it('conv2d that drops the bias fails the bias cases, naming case, seed and error size', async () => {
    const broken = withKernel('no-bias', 'conv2d', (k) => (inputs: Record<string, unknown>, attrs: unknown, out: unknown) =>
      (k.conv2d as (...a: unknown[]) => unknown)({ ...inputs, b: undefined }, attrs, out),
    );
    const results = await runCatalogue(broken, { seeds: [4242], filter: 'conv2d/' });
    const failed = results.filter((r) => r.status === 'fail');
    const withBias = opCatalogue.filter((c) => c.kind === 'op' && c.op === 'conv2d' && !c.expectError && 'b' in c.inputs);
    expect(withBias.length).toBeGreaterThan(10);
    expect(failed.map((r) => r.case).sort()).toEqual(withBias.map((c) => c.name).sort());
    for (const r of failed) {
      expect(r.message).toContain(r.case);
      expect(r.message).toContain('seed 4242');
      expect(r.message).toMatch(/relL2 \d\.\d+e[-+]\d+ \(bound 0\.00001\), maxAbs \d\.\d+e[-+]\d+/);
      expect(r.relL2).toBeGreaterThan(1e-3);
    }
    // Cases without a bias still pass: the catalogue pins the fault down.
    expect(results.filter((r) => r.status === 'pass').length).toBe(results.length - failed.length);
  });

  it('a deformable conv that clamps samples to the image fails the border cases', async () => {
    const ref = createReferenceBackend();
    // Wrong bilinear: clamp offsets so no tap leaves the image; everything off the border still agrees.
    const broken = withKernel('clamped-deform', 'deformConv2d', (k) => (inputs: Record<string, { handle: Float64Array; shape: number[] }>, attrs: unknown, out: unknown) => {
      const offset = inputs.offset;
      const clamped = { ...offset, handle: offset.handle.map((v) => Math.max(-0.5, Math.min(0.5, v))) };
      return (k.deformConv2d as (...a: unknown[]) => unknown)({ ...inputs, offset: clamped }, attrs, out);
    });
    const results = await runCatalogue(broken, { seeds: [9], filter: /deformConv2d\/offsets-(on-border|outside)/, reference: ref });
    expect(results.length).toBe(2);
    for (const r of results) {
      expect(r.status).toBe('fail');
      expect(r.message).toMatch(/seed 9: output y: relL2/);
    }
  });

  it('a dynamicConv2d that ignores an attention fails the whole-model case of the dynamic MobileNetV2s', async () => {
    // Each fault is invisible to static models; the whole-model cases must see it, though the
    // dynamic models' activations shrink under their builders' initialisation.
    type Inputs = Record<string, { handle: Float64Array; shape: number[] } | undefined>;
    const uniformExperts = withKernel('uniform-experts', 'dynamicConv2d', (k) => (inputs: Inputs, attrs: unknown, out: unknown) => {
      const a = inputs.a!;
      return (k.dynamicConv2d as (...x: unknown[]) => unknown)({ ...inputs, a: { ...a, handle: a.handle.map(() => 1 / a.shape[1]) } }, attrs, out);
    });
    const noSpatialAttn = withKernel('no-spatial-attention', 'dynamicConv2d', (k) => (inputs: Inputs, attrs: unknown, out: unknown) =>
      (k.dynamicConv2d as (...x: unknown[]) => unknown)({ ...inputs, spatialAttn: undefined }, attrs, out),
    );
    // od-mobilenetv2 has a fused case too (fuseForInference on the broken backend): it must see the fault as well.
    for (const [broken, model, cases] of [[uniformExperts, 'dy-mobilenetv2', 1], [noSpatialAttn, 'od-mobilenetv2', 2]] as const) {
      const results = await runCatalogue(broken, { seeds: [1], cases: modelCases, filter: (c) => c.name.startsWith(`model:${model}/`) });
      expect(results.map((r) => r.case), model).toHaveLength(cases);
      for (const r of results) {
        expect(r.status, `${broken.name} on ${r.case}`).toBe('fail');
        expect(r.relL2).toBeGreaterThan(1e-2);
      }
    }
  });

  it('a wrong error class fails the error cases', async () => {
    // A backend cannot change core's validation, so wrap the runner's view: an op that throws a plain Error.
    const broken = withKernel('throws', 'relu', () => () => {
      throw new Error('kernel exploded');
    });
    const [r] = await runCatalogue(broken, { seeds: [1], filter: (c) => c.name === 'relu/nchw' });
    expect(r.status).toBe('error');
    expect(r.message).toContain('relu/nchw on throws, seed 1: Error: kernel exploded');
  });

  it('a recorded known failure that passes fails the run; an unrecorded failure fails', () => {
    const known = [{ case: 'relu/nchw', backend: 'x', reason: 'test' }];
    expect(judge({ case: 'relu/nchw', backend: 'x', status: 'pass' }, known).ok).toBe(false);
    expect(judge({ case: 'relu/nchw', backend: 'x', status: 'fail' }, known).ok).toBe(true);
    expect(judge({ case: 'relu/nchw', backend: 'y', status: 'fail', message: 'm' }, known)).toEqual({ ok: false, message: 'fail: m' });
    expect(judge({ case: 'relu/nchw', backend: 'y', status: 'unsupported' }, known).ok).toBe(false);
  });
});
