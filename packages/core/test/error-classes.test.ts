import { describe, expect, it } from 'vitest';
import {
  AttributeError, BackendInitError, CaseFormatError, DcnnError, DisposedError, ShapeError, UnsupportedError, errorClasses, isErrorNamed,
} from '../src/index.js';

const details = { op: 'conv2d', arg: "input 'w'", expected: 'rank 4', actual: 'shape [3]' };

/** What a ShapeError thrown by a second copy of @dcnn/core looks like to this one. */
function foreignError(name: string): Error {
  const error = new Error(`conv2d: input 'w': expected rank 4, got shape [3]`);
  Object.assign(error, { name, ...details, [Symbol.for('dcnn.error')]: true });
  return error;
}

describe('typed errors', () => {
  it('carry op, arg, expected and actual, and a message made of them', () => {
    const error = new ShapeError(details);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DcnnError);
    expect(error.name).toBe('ShapeError');
    expect(error.message).toBe("conv2d: input 'w': expected rank 4, got shape [3]");
    expect({ op: error.op, arg: error.arg, expected: error.expected, actual: error.actual }).toEqual(details);
    expect(String(error)).toContain('ShapeError');
  });

  it('each class matches only itself', () => {
    const all = Object.values(errorClasses);
    expect(all.map((c) => c.name).sort()).toEqual(
      ['AttributeError', 'BackendInitError', 'CaseFormatError', 'DisposedError', 'ShapeError', 'UnsupportedError'],
    );
    for (const made of all) {
      const error = new made(details);
      for (const other of all) expect(error instanceof other, `${made.name} instanceof ${other.name}`).toBe(made === other);
      expect(error.name).toBe(made.name);
    }
  });

  it('are recognised across package copies by the Symbol.for marker and name', () => {
    const foreign = foreignError('ShapeError');
    expect(foreign instanceof ShapeError).toBe(true);
    expect(foreign instanceof DcnnError).toBe(true);
    expect(foreign instanceof AttributeError).toBe(false);
    expect(DcnnError.isDcnnError(foreign)).toBe(true);
    expect(isErrorNamed(foreign, 'ShapeError')).toBe(true);
    expect(isErrorNamed(foreign, 'DisposedError')).toBe(false);
    // A plain object with the marker works too (an error that crossed a structured clone keeps no prototype).
    const plain = { [Symbol.for('dcnn.error')]: true, name: 'UnsupportedError', ...details };
    expect(plain instanceof UnsupportedError).toBe(true);
  });

  it('are not faked by the name alone or by a different marker', () => {
    const named = Object.assign(new Error('x'), { name: 'ShapeError' });
    expect(named instanceof ShapeError).toBe(false);
    expect(named instanceof DcnnError).toBe(false);
    const wrongMarker = Object.assign(new Error('x'), { name: 'ShapeError', [Symbol('dcnn.error')]: true });
    expect(wrongMarker instanceof ShapeError).toBe(false);
    const falseMarker = Object.assign(new Error('x'), { name: 'ShapeError', [Symbol.for('dcnn.error')]: 'yes' });
    expect(falseMarker instanceof ShapeError).toBe(false);
    for (const value of [null, undefined, 'ShapeError', 3] as unknown[]) expect((value as object) instanceof ShapeError).toBe(false);
  });

  it('the remaining classes are distinct constructors with stable names', () => {
    expect(new BackendInitError(details).name).toBe('BackendInitError');
    expect(new DisposedError(details).name).toBe('DisposedError');
    expect(new CaseFormatError(details).name).toBe('CaseFormatError');
  });
});
