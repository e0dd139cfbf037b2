import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '@dcnn/core';
import { defineVectorSuite, type OnnxTestFiles, type SuiteApi } from '../src/index.js';
import { floatTensor, oneNodeModel } from './support/proto-writer.js';

const relu = (name: string, outputs: number[][]): OnnxTestFiles => ({
  name,
  opType: 'Relu',
  model: oneNodeModel(14, 'Relu', ['x'], ['y']),
  inputs: [new Uint8Array(floatTensor('x', [2], [-1, 2]))],
  outputs: outputs.map((o) => new Uint8Array(o)),
});

describe('defineVectorSuite', () => {
  it('fails on an ONNX test the reference cannot run (one without expected outputs passed on both before)', async () => {
    const tests: [string, () => Promise<void>][] = [];
    const before: (() => Promise<void>)[] = [];
    const api: Pick<SuiteApi, 'describe' | 'it' | 'beforeAll' | 'afterAll'> = {
      describe: (_n, fn) => fn(),
      it: (name, fn) => tests.push([name, fn]),
      beforeAll: (fn) => before.push(fn),
      afterAll: () => {},
    };
    const y = floatTensor('y', [2], [0, 2]);
    defineVectorSuite(api, () => createReferenceBackend({ precision: 'float32' }), { caseFiles: {}, onnxTests: () => [relu('test_ok', [y]), relu('test_no_outputs', [])] }, { minOnnxPasses: 1 });
    for (const fn of before) await fn();
    expect(tests.map(([n]) => n)).toEqual(['ONNX node tests: pass wherever the reference passes']);
    await expect(tests[0][1]()).rejects.toThrow(/^test_no_outputs: error on the reference: test_no_outputs: test_data_set_0 has no output_\*\.pb/);
  });
});
