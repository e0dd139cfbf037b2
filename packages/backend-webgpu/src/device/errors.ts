/** Typed errors of this backend, built on core's classes so `instanceof` works everywhere. */
import { BackendInitError, UnsupportedError } from '@dcnn/core';

/**
 * The GPU device was lost (driver reset, `destroy()`, a tab in the background for too long).
 * A `BackendInitError` (the backend can no longer run) with `deviceLost` set; create the
 * backend again (or call `reinitialise()`) to continue. Tensors of the lost device are gone.
 */
export class DeviceLostError extends BackendInitError {
  readonly deviceLost = true;

  constructor(op: string, reason: string, message: string) {
    super({ op, arg: 'GPU device', expected: 'a live device (re-initialise the webgpu backend)', actual: `device lost (${reason}): ${message || 'no message'}` });
  }

  /** True for a DeviceLostError from any copy of this package. */
  static isDeviceLost(value: unknown): value is DeviceLostError {
    return value instanceof BackendInitError && (value as { deviceLost?: unknown }).deviceLost === true;
  }
}

/** A size over a device limit that this op cannot tile around: says which limit and by how much. */
export function limitError(op: string, arg: string, limit: string, max: number, actual: number, unit: string): UnsupportedError {
  return new UnsupportedError({
    op,
    arg,
    expected: `at most ${max} ${unit} (device limit ${limit})`,
    actual: `${actual} ${unit}, ${actual - max} over the limit`,
  });
}
