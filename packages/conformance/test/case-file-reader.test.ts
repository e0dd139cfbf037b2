import { describe, expect, it } from 'vitest';
import { createReferenceBackend, encodeFloat32 } from '@dcnn/core';
import { parseCaseFiles, runCaseFiles } from '../src/index.js';

const F = 'dcnn-case/1';
const relu = (extra: Record<string, unknown> = {}) => ({
  format: F,
  name: 'r',
  op: 'relu',
  inputs: { x: { shape: [2], values: [-1, 2] } },
  outputs: { y: { shape: [2], values: [0, 2] } },
  ...extra,
});
const add = (inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ format: F, name: 'a', op: 'add', inputs, ...extra });
const v = (values: unknown[], shape = [values.length]) => ({ shape, values });

/** The one malformed file's message, or the parsed cases if it was accepted. */
function malformed(json: unknown): string {
  const loaded = parseCaseFiles([{ file: 'f.json', text: typeof json === 'string' ? json : JSON.stringify(json) }]);
  expect(loaded.malformed.map((m) => m.file), `accepted: ${JSON.stringify(loaded.cases.map((c) => c.name))}`).toEqual(['f.json']);
  return loaded.malformed[0].message;
}

describe('case files: what CASES.md rules out is malformed, by name and reason', () => {
  it('a tensor with both data and values (which one is it?)', () => {
    const x = { shape: [2], data: encodeFloat32(Float32Array.from([5, 6])), values: [-1, 2] };
    expect(malformed(relu({ inputs: { x } }))).toMatch(/case\.inputs\.x: expected either 'data' or 'values', got both/);
  });

  it('a dtype other than float32 (int data must not be read as float32)', () => {
    expect(malformed(relu({ inputs: { x: { ...v([-1, 2]), dtype: 'int32' } } }))).toMatch(/case\.inputs\.x\.dtype: expected "float32".*got "int32"/);
  });

  it('fields the format does not name: a misspelt tolerance, an unknown tolerance bound, an unknown tensor field', () => {
    expect(malformed(relu({ tolerence: { relL2: 1 } }))).toMatch(/case: expected only the fields .*got unknown field 'tolerence'/);
    expect(malformed(relu({ tolerance: { rtol: 1 } }))).toMatch(/case\.tolerance: expected only the fields relL2, maxAbs, got unknown field 'rtol'/);
    expect(malformed(relu({ inputs: { x: { ...v([-1, 2]), layout: 'nchw' } } }))).toMatch(/case\.inputs\.x: .*unknown field 'layout'/);
    expect(malformed({ format: F, tolerance: { relL2: 1 }, cases: [relu()] })).toMatch(/top level: .*belong to each case.*unknown field 'tolerance'/);
  });

  it('an error case that also gives outputs, and an error that is no error class', () => {
    const bad = { a: v([1, 2]), b: v([1, 2, 3]) };
    expect(malformed(add(bad, { error: 'ShapeError', outputs: { y: v([1, 2]) } }))).toMatch(/'error' or 'outputs', not both/);
    expect(malformed(add(bad, { error: 'toString' }))).toMatch(/case\.error: expected one of ShapeError.*got "toString"/);
  });

  it('an input or attribute name that is not the op\'s in SPEC.md (a typo must not pass an error case)', () => {
    expect(malformed(add({ a: v([1, 2]), bb: v([1, 2]) }, { error: 'ShapeError' }))).toMatch(/case\.inputs\.bb: expected an input of add \(a, b\), got 'bb'/);
    expect(malformed(relu({ attrs: { alpah: 0.1 } }))).toMatch(/case\.attrs\.alpah: expected no attributes \(relu has none\)/);
    expect(malformed({ ...relu(), op: 'leakyRelu', attrs: { alpah: 0.1 } })).toMatch(/case\.attrs\.alpah: expected an attribute of leakyRelu \(alpha\)/);
  });

  it('output names other than y or y0, y1, ... without gaps; concat inputs other than x0, x1, ...', () => {
    expect(malformed(relu({ outputs: { y: v([0, 2]), z: v([0, 2]) } }))).toMatch(/case\.outputs: expected 'y' alone.*got 'y', 'z'/);
    expect(malformed(relu({ outputs: { y0: v([0]), y2: v([2]) } }))).toMatch(/case\.outputs: expected y0 \.\.\. y1 without gaps, got no y1/);
    const concat = (inputs: Record<string, unknown>) => ({ format: F, name: 'c', op: 'concat', attrs: { axis: 0 }, inputs, outputs: { y: v([1, 2]) } });
    expect(malformed(concat({ x0: v([1]), junk: v([2]) }))).toMatch(/case\.inputs\.junk: expected a name x0, x1, \.\.\., got 'junk'/);
    expect(malformed(concat({ x0: v([1]), x2: v([2]) }))).toMatch(/expected x0 \.\.\. x1 without gaps, got no x1/);
  });

  it('a name that is not a non-empty string, an empty cases list, a case name used twice', () => {
    expect(malformed(relu({ name: 5 }))).toMatch(/case\.name: expected a non-empty string, got 5/);
    expect(malformed({ format: F, cases: [] })).toMatch(/cases: expected at least one case, got an empty list/);
    expect(malformed({ format: F, cases: [relu(), relu()] })).toMatch(/case name 'r' is already used by another case of this file/);
    const two = parseCaseFiles([
      { file: 'a.json', text: JSON.stringify(relu()) },
      { file: 'b.json', text: JSON.stringify(relu()) },
    ]);
    expect(two.cases.map((c) => c.file)).toEqual(['a.json']);
    expect(two.malformed).toEqual([{ file: 'b.json', message: expect.stringMatching(/case name 'r' is already used by a\.json/) }]);
  });

  it('bare NaN (as Python writes it) is not JSON, and the message says how to write it', () => {
    expect(malformed('{"format":"dcnn-case/1","op":"relu","inputs":{"x":{"shape":[1],"values":[NaN]}},"outputs":{"y":{"shape":[1],"values":[NaN]}}}')).toMatch(
      /NaN and Infinity are not JSON: write them as the strings "NaN", "Infinity", "-Infinity"/,
    );
  });
});

describe('case files: valid edge cases run', () => {
  const run = async (cases: unknown[]) => {
    const loaded = parseCaseFiles(cases.map((c, i) => ({ file: `e${i}.json`, text: typeof c === 'string' ? c : JSON.stringify(c) })));
    expect(loaded.malformed).toEqual([]);
    return runCaseFiles(createReferenceBackend({ precision: 'float32' }), loaded);
  };

  it('a UTF-8 byte-order mark, NaN/Infinity as strings, empty tensors, a scalar, dtype float32, concat of 11 in numeric order', async () => {
    const results = await run([
      `\ufeff${JSON.stringify(relu({ name: 'bom' }))}`,
      relu({ name: 'nonfinite', inputs: { x: v(['NaN', 'Infinity', '-Infinity']) }, outputs: { y: v(['NaN', 'Infinity', 0]) } }),
      relu({ name: 'empty', inputs: { x: { shape: [0, 3], data: '' } }, outputs: { y: { shape: [0, 3], values: [] } } }),
      relu({ name: 'scalar', inputs: { x: v([-3], []) }, outputs: { y: v([0], []) } }),
      relu({ name: 'dtype', inputs: { x: { ...v([-1, 2]), dtype: 'float32' } } }),
      {
        format: F, name: 'concat11', op: 'concat', attrs: { axis: 0 },
        inputs: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`x${i}`, v([i])])),
        outputs: { y: v(Array.from({ length: 11 }, (_, i) => i)) },
      },
    ]);
    for (const r of results) expect(r.status, `${r.case}: ${r.message}`).toBe('pass');
    expect(results.length).toBe(6);
  });
});
