import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CaseFormatError, createReferenceBackend, liveTensorCount, parseCaseFile, runCase } from '../src/index.js';

const ref = createReferenceBackend();
const refF32 = createReferenceBackend({ precision: 'float32' });

/** Base64 of little-endian float32, written without the core's encoder. */
const b64 = (values: number[]) => Buffer.from(new Float32Array(values).buffer).toString('base64');
const text = (value: unknown) => JSON.stringify(value);

// x = 1 2 3 / 4 5 6 / 7 8 9, w = 1 2 / 3 4: the valid 2x2 convolution is 37 47 / 67 77.
const conv = {
  op: 'conv2d',
  inputs: { x: { shape: [1, 1, 3, 3], values: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, w: { shape: [1, 1, 2, 2], data: b64([1, 2, 3, 4]) } },
  outputs: { y: { shape: [1, 1, 2, 2], data: b64([37, 47, 67, 77]) } },
};

async function runAll(source: string, file: string, backend = ref) {
  const cases = parseCaseFile(source, file);
  return Promise.all(cases.map((c) => runCase(backend, c)));
}

describe('parseCaseFile + runCase: handmade cases', () => {
  it('a single case with values and base64 data passes', async () => {
    const [result] = await runAll(text({ format: 'dcnn-case/1', name: 'conv/hand', ...conv }), 'hand.json');
    expect(result).toMatchObject({ case: 'conv/hand', backend: 'reference', status: 'pass', relL2: 0, maxAbs: 0 });
  });

  it('decodes base64 to the exact float32 values', () => {
    const [c] = parseCaseFile(text({ format: 'dcnn-case/1', ...conv }), 'hand.json');
    expect(Array.from(c.inputs.w.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(c.outputs!.y.data)).toEqual([37, 47, 67, 77]);
    expect(c.name).toBe('hand.json#0');
    expect(c.attrs).toEqual({});
  });

  it('a multi-case file: split outputs y0/y1, concat inputs x0/x1, an expected error, NaN as a string', async () => {
    const file = {
      format: 'dcnn-case/1',
      cases: [
        {
          name: 'split', op: 'split', attrs: { axis: 0, sizes: [1, 2] },
          inputs: { x: { shape: [3], values: [7, 8, 9] } },
          outputs: { y0: { shape: [1], values: [7] }, y1: { shape: [2], values: [8, 9] } },
        },
        {
          // x0..x11 are ordered by number, not as strings.
          name: 'concat', op: 'concat', attrs: { axis: 0 },
          inputs: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`x${i}`, { shape: [1], values: [i] }])),
          outputs: { y: { shape: [12], values: Array.from({ length: 12 }, (_, i) => i) } },
        },
        { name: 'error', op: 'add', inputs: { a: { shape: [2], values: [1, 2] }, b: { shape: [3], values: [1, 2, 3] } }, error: 'ShapeError' },
        { name: 'nan', op: 'relu', inputs: { x: { shape: [2], values: ['NaN', -1] } }, outputs: { y: { shape: [2], values: ['NaN', 0] } } },
      ],
    };
    const results = await runAll(text(file), 'multi.json');
    expect(results.map((r) => [r.case, r.status])).toEqual([['split', 'pass'], ['concat', 'pass'], ['error', 'pass'], ['nan', 'pass']]);
    expect(results[2].message).toContain('ShapeError');
  });

  it('reports wrong values as fail with relL2 and maxAbs', async () => {
    const wrong = { ...conv, outputs: { y: { shape: [1, 1, 2, 2], values: [37, 47, 67, 78] } } };
    const [result] = await runAll(text({ format: 'dcnn-case/1', ...wrong }), 'wrong.json');
    expect(result.status).toBe('fail');
    expect(result.maxAbs).toBe(1);
    // ‖[0,0,0,1]‖ / ‖[37,47,67,78]‖
    expect(result.relL2).toBeCloseTo(1 / Math.hypot(37, 47, 67, 78), 12);
  });

  it('a case tolerance loosens or tightens the backend bound', async () => {
    // 37 -> 37.001: relL2 ≈ 8e-6 passes the default 1e-5 for float64 but not a tighter 1e-6.
    const near = { ...conv, outputs: { y: { shape: [1, 1, 2, 2], values: [37.001, 47, 67, 77] } } };
    expect((await runAll(text({ format: 'dcnn-case/1', ...near }), 'near.json'))[0].status).toBe('pass');
    const tight = { ...near, tolerance: { relL2: 1e-6 } };
    expect((await runAll(text({ format: 'dcnn-case/1', ...tight }), 'tight.json'))[0].status).toBe('fail');
    const far = { ...conv, outputs: { y: { shape: [1, 1, 2, 2], values: [38, 47, 67, 77] } }, tolerance: { relL2: 0.1, maxAbs: 2 } };
    expect((await runAll(text({ format: 'dcnn-case/1', ...far }), 'far.json'))[0].status).toBe('pass');
  });

  it('a wrong output shape, an op that should have failed, a missing output, an unknown op', async () => {
    const results = await runAll(
      text({
        format: 'dcnn-case/1',
        cases: [
          { ...conv, name: 'shape', outputs: { y: { shape: [4], values: [37, 47, 67, 77] } } },
          { ...conv, name: 'no-error', outputs: undefined, error: 'ShapeError' },
          { name: 'unknown', op: 'swish', inputs: { x: { shape: [1], values: [1] } }, outputs: { y: { shape: [1], values: [1] } } },
          { ...conv, name: 'wrong-error', inputs: { ...conv.inputs, w: { shape: [1, 2, 2, 2], values: [1, 2, 3, 4, 5, 6, 7, 8] } }, outputs: undefined, error: 'AttributeError' },
        ],
      }),
      'bad-expectations.json',
    );
    expect(results.map((r) => r.status)).toEqual(['fail', 'fail', 'error', 'fail']);
    expect(results[0].message).toContain('[1,1,2,2]');
    expect(results[1].message).toContain('succeeded');
    expect(results[2].message).toContain('swish');
    expect(results[3].message).toMatch(/expected AttributeError, threw ShapeError/);
  });

  it('every output the op gives must be expected, and only those', async () => {
    const split = { format: 'dcnn-case/1', op: 'split', attrs: { sizes: [1, 1] }, inputs: { x: { shape: [2], values: [1, 2] } } };
    const one = { y0: { shape: [1], values: [1] } };
    const three = { ...one, y1: { shape: [1], values: [2] }, y2: { shape: [1], values: [3] } };
    for (const outputs of [one, three]) {
      expect(() => parseCaseFile(text({ ...split, outputs }), 'split.json')).toThrow(expect.objectContaining({ name: 'CaseFormatError', arg: 'split.json: case.outputs' }));
    }
    // Built by hand past the parser, the runner still refuses to compare less than the op gives.
    const [valid] = parseCaseFile(text({ ...split, outputs: { y0: one.y0, y1: three.y1 } }), 'split.json');
    expect((await runCase(ref, valid)).status).toBe('pass');
    const short = await runCase(ref, { ...valid, outputs: { y0: valid.outputs!.y0 } });
    expect(short).toMatchObject({ status: 'error', message: expect.stringMatching(/split gave 2 output\(s\), the case expects 1 \(y0\)/) });
  });

  it('an op the backend cannot run is reported as unsupported, not as a failure', async () => {
    // [65536,1] + [1,65536] would have 2^32 elements, over the contract's 2^31 limit.
    const ones = b64(new Array(65536).fill(1));
    const big = {
      format: 'dcnn-case/1', name: 'too-big', op: 'add',
      inputs: { a: { shape: [65536, 1], data: ones }, b: { shape: [1, 65536], data: ones } },
      outputs: { y: { shape: [1], values: [0] } },
    };
    const [result] = await runAll(text(big), 'big.json');
    expect(result.status).toBe('unsupported');
    expect(result.message).toContain('UnsupportedError');
  });

  it('leaves no tensor allocated, whatever the outcome', async () => {
    const backend = createReferenceBackend();
    const file = text({
      format: 'dcnn-case/1',
      cases: [conv, { ...conv, outputs: { y: { shape: [2], values: [1, 2] } } }, { ...conv, attrs: { group: 0 }, outputs: undefined, error: 'AttributeError' }],
    });
    const results = await Promise.all(parseCaseFile(file, 'leak.json').map((c) => runCase(backend, c)));
    expect(results.map((r) => r.status)).toEqual(['pass', 'fail', 'pass']);
    expect(liveTensorCount(backend)).toBe(0);
  });
});

describe('parseCaseFile: malformed files throw CaseFormatError naming the file', () => {
  const good = { format: 'dcnn-case/1', ...conv };
  const malformed: [string, string, RegExp][] = [
    ['bad JSON', '{ "format": "dcnn-case/1", ', /JSON/],
    ['not an object', '[1, 2]', /top level/],
    ['wrong format tag', text({ ...good, format: 'dcnn-case/2' }), /format/],
    ['missing format tag', text({ op: 'relu' }), /format/],
    ['shape/values length mismatch', text({ ...good, inputs: { ...conv.inputs, x: { shape: [1, 1, 3, 3], values: [1, 2, 3] } } }), /inputs\.x\.values.*9 values/],
    ['shape/data length mismatch', text({ ...good, inputs: { ...conv.inputs, w: { shape: [1, 1, 2, 2], data: b64([1, 2, 3]) } } }), /inputs\.w\.data.*16 bytes/],
    ['bad base64 characters', text({ ...good, inputs: { ...conv.inputs, w: { shape: [1, 1, 2, 2], data: 'not base64!' } } }), /inputs\.w\.data.*base64/],
    ['base64 of an impossible length', text({ ...good, inputs: { ...conv.inputs, w: { shape: [1, 1, 2, 2], data: 'AAAAA' } } }), /inputs\.w\.data/],
    ['base64 padding in the middle', text({ ...good, inputs: { ...conv.inputs, w: { shape: [1], data: 'AA==AA==' } } }), /inputs\.w\.data/],
    ['a tensor with neither data nor values', text({ ...good, inputs: { ...conv.inputs, w: { shape: [1, 1, 2, 2] } } }), /inputs\.w/],
    ['a negative dimension', text({ ...good, inputs: { ...conv.inputs, w: { shape: [-1], values: [] } } }), /inputs\.w\.shape/],
    ['a non-number value', text({ ...good, inputs: { ...conv.inputs, w: { shape: [1], values: ['one'] } } }), /inputs\.w\.values/],
    // The entry at fault is named, not the first string ("NaN" is a number here).
    ['a non-number after "NaN"', text({ ...good, inputs: { ...conv.inputs, w: { shape: [2], values: ['NaN', 'oops'] } } }), /inputs\.w\.values\[1\].*"oops"/],
    ['missing outputs', text({ ...good, outputs: undefined }), /outputs/],
    ['empty outputs', text({ ...good, outputs: {} }), /outputs/],
    ['missing op', text({ ...good, op: undefined }), /op/],
    ['attrs not an object', text({ ...good, attrs: [1] }), /attrs/],
    ['unknown error class', text({ ...good, outputs: undefined, error: 'OopsError' }), /error/],
    ['bad tolerance', text({ ...good, tolerance: { relL2: -1 } }), /tolerance/],
    ['cases not an array', text({ format: 'dcnn-case/1', cases: { a: 1 } }), /cases/],
    ['a bad case inside a list', text({ format: 'dcnn-case/1', cases: [good, { ...conv, outputs: undefined }] }), /cases\[1\]\.outputs/],
    // Printing the offending value once overflowed the stack (a RangeError, not this error).
    ['200,000 nested lists', '['.repeat(200_000) + ']'.repeat(200_000), /top level.*too deeply nested/],
  ];

  it.each(malformed)('%s', (_, source, where) => {
    let caught: unknown;
    try {
      parseCaseFile(source, 'cases/broken.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CaseFormatError);
    const error = caught as CaseFormatError;
    expect(error.op).toBe('case-file');
    expect(error.arg).toContain('cases/broken.json');
    expect(error.message).toContain('cases/broken.json');
    expect(error.message).toMatch(where);
  });
});

describe('the example case files in test/cases', () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'cases');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('exist', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it('are exactly what generate.mjs (independent naive code) writes', () => {
    const out = mkdtempSync(join(tmpdir(), 'dcnn-cases-'));
    try {
      execFileSync(process.execPath, [join(dir, 'generate.mjs'), out]);
      const generated = readdirSync(out).sort();
      expect(generated).toEqual([...files].sort());
      for (const file of generated) expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(dir, file), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it.each(files)('%s passes on the reference and its float32 variant', async (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const backend of [ref, refF32]) {
      const results = await runAll(source, file, backend);
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(r.status, `${r.case} on ${r.backend}: ${r.message}`).toBe('pass');
    }
  });
});
