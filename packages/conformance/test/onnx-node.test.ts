import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '@dcnn/core';
import { onnxMappers, runOnnxTest, type ConformanceResult } from '../src/index.js';
import { loadOnnxNodeTests } from '../src/node.js';

// The ONNX vectors live beside the repository (../shared/onnx-node); DCNN_ONNX_NODE_DIR overrides.
const root = process.env.DCNN_ONNX_NODE_DIR ?? resolve(__dirname, '../../../../shared/onnx-node');

interface ManifestTest {
  op_type: string;
  expanded: boolean;
  dtypes: string[];
  input_shapes: number[][];
  nodes: { op_type: string; attributes: Record<string, { value: unknown }> }[];
}

describe('ONNX node tests on the reference backend', () => {
  it('finds the vectors', () => {
    expect(existsSync(join(root, 'manifest.json')), `no ONNX node tests at ${root}`).toBe(true);
  });

  it.each(['float64', 'float32'] as const)('passes every float32 test of every op it maps, and names the reason for the rest (%s)', async (precision) => {
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')).tests as Record<string, ManifestTest>;
    const backend = createReferenceBackend({ precision });
    const results = new Map<string, ConformanceResult>();
    for (const test of loadOnnxNodeTests(root)) results.set(test.name, await runOnnxTest(backend, test));
    expect(results.size).toBe(Object.keys(manifest).length);

    for (const r of results.values()) {
      expect(['pass', 'unsupported'], `${r.case}: ${r.message}`).toContain(r.status);
      if (r.status === 'unsupported') expect(r.message, r.case).toBeTruthy();
    }
    // Independently of the run: a float32 test (int64 only as shape/axes/split inputs) of a mapped
    // op on 1-D or 2-D data, outside training mode, must pass.
    const mustPass = Object.entries(manifest).filter(([name, m]) => {
      const floatOnly = m.dtypes.every((d) => d === 'float32' || d === 'int64') && m.dtypes.includes('float32');
      const mapped = m.nodes.every((n) => n.op_type in onnxMappers);
      const spatial3d = ['Conv', 'AveragePool', 'MaxPool'].includes(m.op_type) && m.input_shapes[0].length === 5;
      const training = m.nodes.some((n) => n.attributes.training_mode?.value === 1);
      const argmax = name.includes('with_argmax');
      const approximate = m.nodes.some((n) => n.attributes.approximate?.value === 'tanh');
      return floatOnly && mapped && !spatial3d && !training && !argmax && !approximate;
    });
    expect(mustPass.length).toBeGreaterThan(190);
    for (const [name] of mustPass) expect(results.get(name)?.status, `${name}: ${results.get(name)?.message}`).toBe('pass');
    for (const op of ['Conv', 'DeformConv', 'AveragePool', 'MaxPool', 'BatchNormalization', 'Gemm', 'MatMul', 'Softmax', 'ReduceMean', 'Concat', 'Split', 'Reshape', 'Transpose', 'Add', 'Mul', 'Clip']) {
      expect(mustPass.some(([, m]) => m.op_type === op), op).toBe(true);
    }
  });
});
