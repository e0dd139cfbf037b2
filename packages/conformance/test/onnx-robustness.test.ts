import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createReferenceBackend } from '@dcnn/core';
import { decodeModel, runOnnxTest, type OnnxTestFiles } from '../src/index.js';
import { loadOnnxNodeTests } from '../src/node.js';
import { bField, floatTensor, key, oneNodeModel, sField, varint, vField } from './support/proto-writer.js';

const backend = createReferenceBackend({ precision: 'float32' });
const x = floatTensor('x', [2], [-1, 2]);
const y = floatTensor('y', [2], [0, 2]);
const relu = (over: Partial<OnnxTestFiles> = {}): OnnxTestFiles => ({
  name: 't',
  model: oneNodeModel(14, 'Relu', ['x'], ['y']),
  inputs: [new Uint8Array(x)],
  outputs: [new Uint8Array(y)],
  ...over,
});
const run = (over: Partial<OnnxTestFiles>) => runOnnxTest(backend, relu(over));

describe('ONNX tests: corrupt, unsupported or incomplete data is one clear row', () => {
  it('the reference passes the well-formed test', async () => {
    expect((await run({})).status).toBe('pass');
  });

  it('no output_*.pb is an error, not a pass with nothing compared', async () => {
    expect(await run({ outputs: [] })).toMatchObject({ status: 'error', message: 't: test_data_set_0 has no output_*.pb: nothing to compare' });
  });

  it('more output_*.pb than graph outputs is an error (it crashed the run), as is a missing input', async () => {
    expect(await run({ outputs: [new Uint8Array(y), new Uint8Array(y)] })).toMatchObject({ status: 'error', message: 't: the graph has 1 output(s), test_data_set_0 has 2 output_*.pb' });
    expect(await run({ inputs: [] })).toMatchObject({ status: 'error', message: 't: the graph has 1 input(s), test_data_set_0 has 0 input_*.pb' });
  });

  it('a truncated model or tensor is an error naming the file', async () => {
    const model = oneNodeModel(14, 'Relu', ['x'], ['y']);
    expect(await run({ model: model.subarray(0, model.length - 5) })).toMatchObject({ status: 'error', message: expect.stringMatching(/^t: unreadable model\.onnx: (Error: )?protobuf: field of \d+ bytes runs past the end/) });
    expect(await run({ inputs: [new Uint8Array(x.slice(0, -3))] })).toMatchObject({ status: 'error', message: expect.stringMatching(/^t: unreadable TensorProto: (Error: )?protobuf/) });
  });

  it('a dtype without a reader (float16, string) is unsupported with the reason, not an unreadable file', async () => {
    const f16 = [...vField(1, 2), ...vField(2, 10), ...sField(8, 'x'), ...bField(9, [0, 0, 0, 60])];
    expect(await run({ inputs: [new Uint8Array(f16)] })).toMatchObject({ status: 'unsupported', message: "t: TensorProto 'x': dtype float16 is not supported (dcnn tensors are float32)" });
    const str = [...vField(1, 1), ...vField(2, 8), ...sField(8, 'x'), ...bField(6, [97])];
    expect(await run({ inputs: [new Uint8Array(str)] })).toMatchObject({ status: 'unsupported', message: "t: TensorProto 'x': dtype string is not supported (dcnn tensors are float32)" });
  });

  it('external data is unsupported and says so (it read as "0 values for dims")', async () => {
    const entry = (k: string, v: string) => bField(13, [...sField(1, k), ...sField(2, v)]);
    const ext = [...vField(1, 2), ...vField(2, 1), ...sField(8, 'x'), ...entry('location', 'x.bin'), ...entry('length', '8'), ...vField(14, 1)];
    expect(await run({ inputs: [new Uint8Array(ext)] })).toMatchObject({ status: 'unsupported', message: "t: TensorProto 'x': its data is in an external file ('x.bin'); external data is not supported" });
  });

  it('an empty tensor runs', async () => {
    const empty = (n: string) => new Uint8Array(floatTensor(n, [0, 3], []));
    expect((await run({ inputs: [empty('x')], outputs: [empty('y')] })).status).toBe('pass');
  });

  it('a scalar attribute without its value is the protobuf default, and a graph attribute does not make the model unreadable', () => {
    const attr = (name: string, type: number, body: number[] = []) => bField(5, [...sField(1, name), ...vField(20, type), ...body]);
    const node = [...sField(1, 'x'), ...sField(2, 'y'), ...sField(4, 'If'), ...attr('axis', 2), ...attr('alpha', 1), ...attr('then_branch', 5, bField(6, []))];
    const graph = [...bField(1, node), ...bField(11, sField(1, 'x')), ...bField(12, sField(1, 'y'))];
    const m = decodeModel(new Uint8Array([...vField(1, 8), ...bField(8, [...sField(1, ''), ...vField(2, 13)]), ...bField(7, graph)]));
    expect(m.graph.nodes[0].attrs).toEqual({ axis: 0, alpha: 0 });
    expect(m.graph.nodes[0].unreadable).toEqual({ then_branch: 'GRAPH' });
    // A varint where a message belongs is a corrupt file, reported as such.
    expect(() => decodeModel(new Uint8Array(bField(7, [...key(1, 0), ...varint(3)])))).toThrow(/not length-delimited/);
  });
});

describe('the ONNX directory loader reports what it cannot read', () => {
  const root = mkdtempSync(join(tmpdir(), 'dcnn-onnx-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const test = (name: string, data = true) => {
    const dir = join(root, 'node', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.onnx'), oneNodeModel(14, 'Relu', ['x'], ['y']));
    if (!data) return dir;
    mkdirSync(join(dir, 'test_data_set_0'));
    writeFileSync(join(dir, 'test_data_set_0', 'input_0.pb'), new Uint8Array(x));
    writeFileSync(join(dir, 'test_data_set_0', 'output_0.pb'), new Uint8Array(y));
    return dir;
  };

  it('a test without test_data_set_0, a model.onnx that is a folder, a corrupt manifest: error rows, no throw, nothing dropped', async () => {
    test('test_ok');
    test('test_no_data', false);
    const dirModel = test('test_model_folder');
    rmSync(join(dirModel, 'model.onnx'));
    mkdirSync(join(dirModel, 'model.onnx'));
    writeFileSync(join(root, 'manifest.json'), '{ not json');
    const tests = loadOnnxNodeTests(root);
    expect(tests.map((t) => t.name)).toEqual(['manifest.json', 'test_model_folder', 'test_no_data', 'test_ok']);
    const rows = await Promise.all(tests.map((t) => runOnnxTest(backend, t)));
    expect(rows.map((r) => r.status)).toEqual(['error', 'error', 'error', 'pass']);
    expect(rows[0].message).toMatch(/^manifest\.json: unreadable manifest\.json \(op types unknown\)/);
    expect(rows[1].message).toMatch(/^test_model_folder: unreadable: EISDIR/);
    expect(rows[2].message).toBe('test_no_data: no test_data_set_0 folder beside model.onnx');
  });
});
