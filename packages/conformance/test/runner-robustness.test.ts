import { describe, expect, it } from 'vitest';
import { createReferenceBackend, type AnyBackend } from '@dcnn/core';
import { opCatalogue, parseCaseFiles, runCaseFiles, runCatalogue, runPlan, type OnnxTestFiles } from '../src/index.js';
import { floatTensor, oneNodeModel } from './support/proto-writer.js';

/** The float32 reference with its reads replaced (and no float64 read, so `read` is used). */
function withRead(name: string, read: AnyBackend['read']): AnyBackend {
  const ref = createReferenceBackend({ precision: 'float32' });
  return { ...ref, name, read, readFloat64: undefined } as AnyBackend;
}

function withRelu(name: string, relu: () => unknown): AnyBackend {
  const ref = createReferenceBackend({ precision: 'float32' });
  return { ...ref, name, kernels: { ...ref.kernels, relu } } as AnyBackend;
}

const reluCases = opCatalogue.filter((c) => c.name.startsWith('relu/'));
const reluFile = parseCaseFiles([
  {
    file: 'relu.json',
    text: JSON.stringify({ format: 'dcnn-case/1', name: 'relu', op: 'relu', inputs: { x: { shape: [2], values: [-1, 2] } }, outputs: { y: { shape: [2], values: [0, 2] } } }),
  },
]);
const reluOnnx: OnnxTestFiles = {
  name: 'test_relu_tiny',
  opType: 'Relu',
  model: oneNodeModel(14, 'Relu', ['x'], ['y']),
  inputs: [new Uint8Array(floatTensor('x', [2], [-1, 2]))],
  outputs: [new Uint8Array(floatTensor('y', [2], [0, 2]))],
};

describe('a misbehaving backend is a row, never the end of the run', () => {
  it('a read that rejects is an error row in the catalogue (it ended runCatalogue before)', async () => {
    const lost = withRead('lost', () => Promise.reject(new Error('device lost')));
    const rows = await runCatalogue(lost, { seeds: [1], cases: reluCases });
    expect(rows.length).toBe(reluCases.length);
    for (const r of rows) {
      expect(r.status).toBe('error');
      expect(r.message).toMatch(/on lost, seed 1: reading the outputs failed: Error: device lost/);
    }
  });

  it('a kernel throwing null, or a read rejecting, is an error row in ONNX tests (a TypeError ended the run before)', async () => {
    const nulls = await runPlan(withRelu('null', () => { throw null; }), { seeds: [1], onnxTests: [reluOnnx] });
    expect(nulls).toEqual([expect.objectContaining({ case: 'onnx/test_relu_tiny', status: 'error', message: 'test_relu_tiny on null: a thrown null' })]);
    const lost = await runPlan(withRead('lost', () => Promise.reject(new Error('device lost'))), { seeds: [1], onnxTests: [reluOnnx] });
    expect(lost[0]).toMatchObject({ status: 'error', message: 'test_relu_tiny on lost: reading output 0 failed: Error: device lost' });
  });

  it('a read that never settles times out, and the backend\'s remaining rows are reported as not run', async () => {
    const hung = withRead('hung', () => new Promise(() => {}));
    const rows = await runPlan(hung, { catalogue: reluCases.slice(0, 2), seeds: [1], caseFiles: reluFile, onnxTests: [reluOnnx], timeoutMs: 200 });
    expect(rows.map((r) => [r.case, r.status])).toEqual([
      [reluCases[0].name, 'error'],
      [reluCases[1].name, 'error'],
      ['case:relu', 'error'],
      ['onnx/test_relu_tiny', 'error'],
    ]);
    expect(rows[0].message).toMatch(/no result after 0\.2 s .*remaining cases are not run/);
    for (const r of rows.slice(1)) expect(r.message).toMatch(new RegExp(`not run: the backend stopped answering during ${reluCases[0].name}`));
    // A backend that answers is unaffected by the limit.
    const fine = await runCaseFiles(createReferenceBackend(), reluFile, undefined, { timeoutMs: 200 });
    expect(fine.map((r) => r.status)).toEqual(['pass']);
  });

  it('an empty seed list is an error row (it returned undefined rows)', async () => {
    const rows = await runCatalogue(createReferenceBackend(), { seeds: [], cases: reluCases.slice(0, 1) });
    expect(rows).toEqual([expect.objectContaining({ case: reluCases[0].name, status: 'error', message: expect.stringMatching(/no seeds/) })]);
  });

  it('extra values from a read fail an ONNX test (they were ignored)', async () => {
    const ref = createReferenceBackend({ precision: 'float32' });
    const long = withRead('long', async (h, s) => Float32Array.from([...(await ref.read(h, s)), 7]));
    const [r] = await runPlan(long, { seeds: [1], onnxTests: [reluOnnx] });
    expect(r).toMatchObject({ status: 'fail', message: 'test_relu_tiny on long: output 0: 3 values where 2 were expected' });
  });
});

describe('case files: every expected output is compared', () => {
  const split = (outputs: Record<string, unknown>) =>
    parseCaseFiles([{ file: 's.json', text: JSON.stringify({ format: 'dcnn-case/1', name: 's', op: 'split', attrs: { axis: 0, sizes: [1, 2] }, inputs: { x: { shape: [3], values: [1, 2, 3] } }, outputs }) }]);
  const y0 = { shape: [1], values: [1] };
  const y1 = { shape: [2], values: [2, 3] };

  it('an expected output the op does not give makes the file malformed (it passed)', async () => {
    const [r] = await runCaseFiles(createReferenceBackend(), split({ y0, y1, y2: { shape: [1], values: [9] } }));
    expect(r).toMatchObject({ case: 'file:s.json', status: 'error', group: 'cases:malformed', message: expect.stringMatching(/outputs: expected 2 expected outputs \(y0 \.\.\. y1\), got 3/) });
  });

  it('an output the case does not expect makes it malformed; all expected ones pass', async () => {
    const [missing] = await runCaseFiles(createReferenceBackend(), split({ y0 }));
    expect(missing).toMatchObject({ status: 'error', group: 'cases:malformed', message: expect.stringMatching(/got 1: 'y0'/) });
    const [ok] = await runCaseFiles(createReferenceBackend(), split({ y0, y1 }));
    expect(ok.status).toBe('pass');
  });

  it('an unknown op is an error row naming the op', async () => {
    const loaded = parseCaseFiles([{ file: 'u.json', text: JSON.stringify({ format: 'dcnn-case/1', name: 'u', op: 'frobnicate', inputs: { x: { shape: [1], values: [1] } }, outputs: { y: { shape: [1], values: [1] } } }) }]);
    expect(await runCaseFiles(createReferenceBackend(), loaded)).toEqual([
      expect.objectContaining({ case: 'case:u', status: 'error', message: expect.stringMatching(/^u\.json: unknown op 'frobnicate'/) }),
    ]);
  });
});
