/**
 * Model weights to and from safetensors, by PyTorch state_dict name. Loading checks every name,
 * dtype and shape before it touches the model, uploads everything, and only then swaps the new
 * tensors in: a failure leaves the model as it was (no partial model).
 */
import { AttributeError, ShapeError, formatShape, shapesEqual, tensor, type AnyBackend, type Tensor } from '@dcnn/core';
import type { Module } from '../module.js';
import { loadSafetensors, saveSafetensors, type SafetensorsFile, type TensorToSave } from './safetensors.js';

export interface LoadOptions {
  /** Where to create the weights (default: the backend the model's tensors are on). */
  backend?: AnyBackend;
  /** Reject names the model does not have (default true; `num_batches_tracked` is always ignored). */
  strict?: boolean;
}

/** Loads safetensors bytes (or a parsed file) into `model` by name. */
export function loadWeights(model: Module, source: Uint8Array | SafetensorsFile, options: LoadOptions = {}): void {
  const file = source instanceof Uint8Array ? loadSafetensors(source) : source;
  const slots = [...model.namedSlots()];
  const backend = options.backend ?? slots.find(([, s]) => s.tensor)?.[1].tensor?.backend;
  if (!backend) {
    throw new AttributeError({ op: 'loadWeights', arg: 'backend', expected: 'a backend (the model has no tensors yet)', actual: 'none' });
  }
  const wanted = new Set(slots.map(([name]) => name));
  if (options.strict ?? true) {
    for (const name of file.tensors.keys()) {
      if (!wanted.has(name) && !name.endsWith('num_batches_tracked')) {
        throw new ShapeError({ op: 'loadWeights', arg: `tensor '${name}'`, expected: `a name of the model (${model.typeName})`, actual: 'a name the model does not have' });
      }
    }
  }
  for (const [name, slot] of slots) {
    const t = file.tensors.get(name);
    if (!t) throw new ShapeError({ op: 'loadWeights', arg: `tensor '${name}'`, expected: `present in the file with shape ${formatShape(slot.shape)}`, actual: 'missing' });
    if (!shapesEqual(t.shape, slot.shape)) {
      throw new ShapeError({ op: 'loadWeights', arg: `tensor '${name}'`, expected: `shape ${formatShape(slot.shape)}`, actual: `${formatShape(t.shape)} (${t.dtype})` });
    }
  }
  const created: Tensor[] = [];
  try {
    for (const [name] of slots) created.push(tensor(backend, file.tensors.get(name)!.data, file.tensors.get(name)!.shape));
  } catch (error) {
    for (const t of created) t.dispose();
    throw error;
  }
  slots.forEach(([name], i) => model.setTensor(name, created[i]));
}

/** The model's state_dict (parameters and buffers) as safetensors bytes. */
export async function saveWeights(model: Module, metadata: Record<string, string> = {}): Promise<Uint8Array> {
  const out = new Map<string, TensorToSave>();
  for (const [name, t] of model.stateDict()) out.set(name, { shape: t.shape, data: await t.data() });
  return saveSafetensors(out, { format: 'pt', ...metadata });
}
