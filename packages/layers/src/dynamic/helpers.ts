/** Small op compositions shared by the attention-driven layers. */
import { ops, tensor, type Shape, type Tensor } from '@dcnn/core';

/** `[N, C, 1, 1] → [N, C]` (or any `[N, ...]` to `[N, rest]`). */
export function flatten(x: Tensor): Tensor {
  return ops.reshape({ x }, { shape: [x.shape[0], -1] });
}

/** `[N, C] → [N, C, 1, 1]`, for broadcasting over the spatial axes. */
export function unflatten(x: Tensor): Tensor {
  return ops.reshape({ x }, { shape: [x.shape[0], x.shape[1], 1, 1] });
}

/** A one-element tensor on the backend of `like`, for broadcasting a constant. */
export function scalar(like: Tensor, value: number): Tensor {
  return tensor(like.backend, [value], [1]);
}

/** `x / temperature`, skipped when the temperature is 1. */
export function divideBy(x: Tensor, temperature: number): Tensor {
  return temperature === 1 ? x : ops.mul({ a: x, b: scalar(x, 1 / temperature) });
}

/** `[N, C, 1, 1]`: the pooled shape the attention branches see while tracing. */
export function pooledShape(x: Shape): number[] {
  return [x[0], x[1], 1, 1];
}

/** MACs of aggregating `k` kernels of `kernelSize` elements per sample (none for one kernel). */
export function aggregationMacs(n: number, k: number, kernelSize: number): number {
  return k > 1 ? n * k * kernelSize : 0;
}
