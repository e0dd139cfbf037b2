import { describe, expect, it } from 'vitest';
import { decodeModel, decodeTensor } from '../src/index.js';

import { bField, f32, fField, sField, varint, vField } from './support/proto-writer.js';

describe('the ONNX protobuf reader', () => {
  it('reads int64_data with negative values and packed dims', () => {
    const t = [...bField(1, [...varint(3)]), ...vField(2, 7), ...bField(7, [...varint(-1), ...varint(0), ...varint(4)]), ...sField(8, 'shape')];
    expect(decodeTensor(new Uint8Array(t))).toEqual({ name: 'shape', dtype: 'int64', dims: [3], values: Float64Array.from([-1, 0, 4]) });
  });

  it('reads float_data packed and unpacked, and raw_data', () => {
    const packed = [...vField(1, 2), ...vField(2, 1), ...bField(4, [...f32(1.5), ...f32(-2)])];
    expect(Array.from(decodeTensor(new Uint8Array(packed)).values)).toEqual([1.5, -2]);
    const unpacked = [...vField(1, 2), ...vField(2, 1), ...fField(4, 0.25), ...fField(4, 3)];
    expect(Array.from(decodeTensor(new Uint8Array(unpacked)).values)).toEqual([0.25, 3]);
    const raw = [...vField(1, 1), ...vField(1, 2), ...vField(2, 1), ...bField(9, [...f32(7), ...f32(-0.5)])];
    const t = decodeTensor(new Uint8Array(raw));
    expect(t.dims).toEqual([1, 2]);
    expect(Array.from(t.values)).toEqual([7, -0.5]);
  });

  it('rejects raw_data of the wrong length', () => {
    const raw = [...vField(1, 3), ...vField(2, 1), ...bField(9, f32(1))];
    expect(() => decodeTensor(new Uint8Array(raw))).toThrow(/4 bytes for 3 float32/);
  });

  it('reads a model: opsets, nodes with empty optional inputs, attributes of each type', () => {
    const attr = (name: string, type: number, body: number[]) => bField(5, [...sField(1, name), ...vField(20, type), ...body]);
    const node = [
      ...sField(1, 'x'), ...sField(1, ''), ...sField(1, 'max'), ...sField(2, 'y'), ...sField(4, 'Clip'),
      ...attr('alpha', 1, fField(2, 0.5)),
      ...attr('axis', 2, vField(3, -2)),
      ...attr('pads', 7, bField(8, [...varint(1), ...varint(0), ...varint(2), ...varint(3)])),
      ...attr('auto_pad', 3, bField(4, [...new TextEncoder().encode('SAME_UPPER')])),
    ];
    const graph = [...bField(1, node), ...bField(11, sField(1, 'x')), ...bField(12, sField(1, 'y'))];
    const model = [...vField(1, 8), ...bField(8, [...sField(1, ''), ...vField(2, 13)]), ...bField(7, graph)];
    const m = decodeModel(new Uint8Array(model));
    expect(m.opsets).toEqual({ '': 13 });
    expect(m.graph.inputs).toEqual([{ name: 'x' }]);
    const [n] = m.graph.nodes;
    expect(n.opType).toBe('Clip');
    expect(n.inputs).toEqual(['x', '', 'max']);
    expect(n.attrs).toEqual({ alpha: 0.5, axis: -2, pads: [1, 0, 2, 3], auto_pad: 'SAME_UPPER' });
  });
});
