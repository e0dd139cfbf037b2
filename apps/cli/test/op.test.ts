import { describe, expect, it } from 'vitest';
import { cli, reluCase, tempFile } from './helpers.js';

// Expected values below are worked by hand: a 1x1 conv of [1,2,3,4] with weight 2 and bias 0.5
// is [2.5, 4.5, 6.5, 8.5] (reluCase: see helpers.ts).
const convCase = {
  format: 'dcnn-case/1',
  name: 'conv2d/1x1-bias',
  op: 'conv2d',
  inputs: {
    x: { shape: [1, 1, 2, 2], values: [1, 2, 3, 4] },
    w: { shape: [1, 1, 1, 1], values: [2] },
    b: { shape: [1], values: [0.5] },
  },
  outputs: { y: { shape: [1, 1, 2, 2], values: [2.5, 4.5, 6.5, 8.5] } },
};

describe('dcnn op', () => {
  it('passes a hand-computed case and prints the JSON shape of the contract', async () => {
    const r = await cli('op', '--input', tempFile('relu.json', reluCase), '--backend', 'reference', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ case: 'relu/hand', backend: 'reference', status: 'pass' });
    expect(result.relL2).toBe(0);
    expect(Object.keys(result).sort()).toEqual(['backend', 'case', 'maxAbs', 'relL2', 'status']);
  });

  it('runs every case of a multi-case file', async () => {
    const file = tempFile('two.json', { format: 'dcnn-case/1', cases: [reluCase, convCase] });
    const r = await cli('op', '--input', file, '--json');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.case)).toEqual(['relu/hand', 'conv2d/1x1-bias']);
  });

  it('fails (exit 1) with relL2 and maxAbs when the expected output is wrong', async () => {
    const wrong = { ...convCase, outputs: { y: { shape: [1, 1, 2, 2], values: [2, 4, 6, 8] } } };
    const r = await cli('op', '--input', tempFile('wrong.json', wrong), '--json');
    expect(r.code).toBe(1);
    const result = JSON.parse(r.out);
    expect(result.status).toBe('fail');
    expect(result.maxAbs).toBeCloseTo(0.5, 6);
    expect(result.message).toMatch(/relL2/);
  });

  it('passes an error-expecting case when the named error is thrown', async () => {
    const bad = {
      format: 'dcnn-case/1',
      name: 'conv2d/group-mismatch',
      op: 'conv2d',
      attrs: { group: 2 },
      inputs: { x: { shape: [1, 3, 2, 2], values: Array(12).fill(1) }, w: { shape: [2, 1, 1, 1], values: [1, 1] } },
      error: 'ShapeError',
    };
    const r = await cli('op', '--input', tempFile('err.json', bad), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'pass' });
    const wrongClass = await cli('op', '--input', tempFile('err2.json', { ...bad, error: 'AttributeError' }), '--json');
    expect(wrongClass.code).toBe(1);
    expect(JSON.parse(wrongClass.out)).toMatchObject({ status: 'fail' });
  });

  it('reports a malformed file as an error naming the file', async () => {
    const file = tempFile('broken.json', { format: 'dcnn-case/1', op: 'relu', inputs: { x: { shape: [2], values: [1] } }, outputs: {} });
    const r = await cli('op', '--input', file, '--json');
    expect(r.code).toBe(1);
    const result = JSON.parse(r.out);
    expect(result.status).toBe('error');
    expect(result.message).toContain(file);
  });

  it('needs --input and names an unknown backend (usage errors, exit 2)', async () => {
    expect((await cli('op')).code).toBe(2);
    const r = await cli('op', '--input', tempFile('relu.json', reluCase), '--backend', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--backend must be one of .*reference.*, got "nope"/);
  });

  it('reports an unreadable file as a usage error', async () => {
    const r = await cli('op', '--input', '/nonexistent/case.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read \/nonexistent\/case\.json/);
  });
});
