/**
 * Checking createWebGPUBackend's options before any device is requested, and reinitialise()'s
 * device: a wrong one (or a name that is no option, a typo say) is a BackendInitError naming it,
 * never ignored. An option given as `undefined` counts as not given.
 */
import { BackendInitError } from '@dcnn/core';

const OPTION_NAMES = ['device', 'gpu', 'powerPreference', 'requiredFeatures', 'poolBudgetBytes', 'batchSize', 'softwareAdapter'] as const;
const POWER_PREFERENCES = ['low-power', 'high-performance'];

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (value !== null && typeof value === 'object') return `an object (${value.constructor?.name ?? 'no prototype'})`;
  return String(value);
}

function reject(arg: string, expected: string, value: unknown): never {
  throw new BackendInitError({ op: 'webgpu', arg, expected, actual: describe(value) });
}

const hasMethods = (value: unknown, ...names: string[]): boolean =>
  value !== null && typeof value === 'object' && names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

export function checkOptions(options: unknown): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) reject('options', 'an object of options', options);
  const o = options as Record<string, unknown>;
  for (const name of Object.keys(o)) {
    if ((OPTION_NAMES as readonly string[]).includes(name)) continue;
    throw new BackendInitError({ op: 'webgpu', arg: name, expected: `one of the options ${OPTION_NAMES.join(', ')}`, actual: `an unknown option, set to ${describe(o[name])}` });
  }
  if (o.device !== undefined && !hasMethods(o.device, 'createBuffer', 'createComputePipeline')) reject('device', 'a GPUDevice', o.device);
  if (o.gpu !== undefined && !hasMethods(o.gpu, 'requestAdapter')) reject('gpu', 'a GPU object (with requestAdapter(), like navigator.gpu)', o.gpu);
  if (o.powerPreference !== undefined && !POWER_PREFERENCES.includes(o.powerPreference as string)) {
    reject('powerPreference', POWER_PREFERENCES.map((p) => `'${p}'`).join(' or '), o.powerPreference);
  }
  const features = o.requiredFeatures;
  if (features !== undefined && !(Array.isArray(features) && features.every((f) => typeof f === 'string' && f.length > 0))) {
    reject('requiredFeatures', 'an array of GPU feature names (strings)', features);
  }
  if (o.poolBudgetBytes !== undefined && !(Number.isSafeInteger(o.poolBudgetBytes) && (o.poolBudgetBytes as number) >= 0)) {
    reject('poolBudgetBytes', 'a whole number of bytes ≥ 0', o.poolBudgetBytes);
  }
  if (o.batchSize !== undefined && !(Number.isSafeInteger(o.batchSize) && (o.batchSize as number) >= 1)) {
    reject('batchSize', 'a whole number of dispatches ≥ 1', o.batchSize);
  }
  if (o.softwareAdapter !== undefined && typeof o.softwareAdapter !== 'boolean') reject('softwareAdapter', 'true or false', o.softwareAdapter);
}

/**
 * reinitialise()'s device: a backend made on the caller's device must not quietly move to one it
 * requests itself (another adapter, perhaps, and a device nobody outside holds), so it needs the
 * caller's new device; a backend that requested its own may take one or request again.
 */
export function checkReinitialiseDevice(options: { device?: unknown }, device: unknown): void {
  if (device !== undefined && !hasMethods(device, 'createBuffer', 'createComputePipeline')) {
    throw new BackendInitError({ op: 'reinitialise', arg: 'device', expected: 'a GPUDevice', actual: describe(device) });
  }
  if (device === undefined && options.device !== undefined) {
    throw new BackendInitError({
      op: 'reinitialise',
      arg: 'device',
      expected: "a GPUDevice: the backend was created on the caller's device ({ device }), so reinitialise(device) needs the new one",
      actual: 'no device (undefined)',
    });
  }
}
