import { AttributeError, ShapeError, UnsupportedError } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import { DyConv2d, buildModel, loadSafetensors, loadWeights, saveSafetensors, saveWeights, type TensorToSave } from '../src/index.js';
import { backend, maxDiff, randomTensor } from './helpers.js';

/** Builds a file by hand: header JSON and raw data bytes, independent of saveSafetensors. */
function handMade(header: unknown, data: Uint8Array, lengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

describe('safetensors', () => {
  it('reads a hand-made file of F32, F16, BF16 and F64 tensors', () => {
    const data = new Uint8Array([...f32([1.5, -2]), 0x00, 0x3c, 0x00, 0xc0, 0x80, 0x3f, ...new Uint8Array(Float64Array.from([0.25]).buffer)]);
    const file = loadSafetensors(handMade({
      __metadata__: { format: 'pt' },
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      h: { dtype: 'F16', shape: [2], data_offsets: [8, 12] },
      b: { dtype: 'BF16', shape: [1], data_offsets: [12, 14] },
      d: { dtype: 'F64', shape: [1, 1], data_offsets: [14, 22] },
    }, data));
    expect(file.metadata).toEqual({ format: 'pt' });
    expect([...file.tensors.get('a')!.data]).toEqual([1.5, -2]);
    expect([...file.tensors.get('h')!.data]).toEqual([1, -2]); // 0x3c00 = 1, 0xc000 = -2
    expect([...file.tensors.get('b')!.data]).toEqual([1]); // 0x3f80 = 1
    expect(file.tensors.get('d')).toEqual({ dtype: 'F64', shape: [1, 1], data: Float32Array.from([0.25]) });
  });

  it('round-trips a model exactly', async () => {
    const a = buildModel('od-mobilenetv2', { backend, seed: 1, width: 0.5, kernels: 4 });
    const b = buildModel('od-mobilenetv2', { backend, seed: 2, width: 0.5, kernels: 4 });
    const bytes = await saveWeights(a);
    expect((8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))) % 8).toBe(0);
    loadWeights(b, bytes);
    const sa = a.stateDict();
    for (const [name, t] of b.stateDict()) expect(await maxDiff(t, sa.get(name)!), name).toBe(0);
    const x = randomTensor([1, 3, 32, 32]);
    expect(await maxDiff(a.forward(x), b.forward(x))).toBe(0);
    a.dispose();
    b.dispose();
  });

  it('rejects a truncated file', () => {
    const bytes = saveSafetensors({ w: { shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) } });
    expect(() => loadSafetensors(bytes.subarray(0, bytes.length - 1))).toThrow(AttributeError);
    expect(() => loadSafetensors(bytes.subarray(0, 20))).toThrow(/header/);
    expect(() => loadSafetensors(bytes.subarray(0, 5))).toThrow(/at least 8 bytes/);
  });

  it('rejects a lying header, naming the tensor', () => {
    const data = f32([1, 2, 3, 4]);
    const cases: [unknown, RegExp][] = [
      [{ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, /tensor 'w'.data_offsets.*16 bytes/],
      [{ w: { dtype: 'F32', shape: [3], data_offsets: [0, 16] } }, /tensor 'w'.data_offsets.*12 bytes/],
      [{ w: { dtype: 'F32', shape: [5], data_offsets: [0, 20] } }, /tensor 'w'.data_offsets.*within the 16-byte/],
      [{ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, v: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, /tensor 'v'.data_offsets.*start at byte 8/],
      [{ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, /data: expected 8 bytes/],
      [{ w: { dtype: 'F33', shape: [4], data_offsets: [0, 16] } }, /tensor 'w'.dtype/],
      [{ w: { dtype: 'F32', shape: [-4], data_offsets: [0, 16] } }, /tensor 'w'.shape/],
      [{ w: { dtype: 'F32', shape: [4], data_offsets: [8, 0] } }, /tensor 'w'.data_offsets/],
      [[1, 2], /a JSON object/],
    ];
    for (const [header, message] of cases) expect(() => loadSafetensors(handMade(header, data))).toThrow(message);
    expect(() => loadSafetensors(handMade({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, data, 10_000n))).toThrow(/header length/);
    expect(() => loadSafetensors(handMade({ w: { dtype: 'I32', shape: [4], data_offsets: [0, 16] } }, data))).toThrow(UnsupportedError);
  });

  it('loading a wrong file names the tensor and leaves the model as it was', async () => {
    const model = new DyConv2d({ inChannels: 4, outChannels: 4, kernelSize: 3 }).materialize(backend, 1);
    const before = await model.stateDict().get('weight')!.data();
    const good = await saveWeights(model);
    const entries = new Map<string, TensorToSave>([...loadSafetensors(good).tensors].map(([n, t]) => [n, { shape: t.shape, data: t.data }]));
    const edit = (name: string, t: TensorToSave | undefined) => {
      const out = new Map(entries);
      // A distinct first weight, so that a partial load would show.
      out.set('weight', { shape: entries.get('weight')!.shape, data: entries.get('weight')!.data.map((v) => v + 1) });
      if (t) out.set(name, t);
      else out.delete(name);
      return out;
    };
    const wrongShape = edit('attention.fc2.bias', { shape: [5], data: new Float32Array(5) });
    const missing = edit('attention.fc1.weight', undefined);
    const extra = edit('stray', { shape: [1], data: new Float32Array(1) });
    for (const [file, message] of [
      [wrongShape, /tensor 'attention.fc2.bias': expected shape \[4\]/],
      [missing, /tensor 'attention.fc1.weight'.*missing/],
      [extra, /tensor 'stray'/],
    ] as const) {
      expect(() => loadWeights(model, saveSafetensors(file))).toThrow(ShapeError);
      expect(() => loadWeights(model, saveSafetensors(file))).toThrow(message);
      expect([...(await model.stateDict().get('weight')!.data())]).toEqual([...before]);
    }
    expect(() => loadWeights(model, saveSafetensors(extra), { strict: false })).not.toThrow();
  });
});
