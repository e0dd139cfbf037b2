/**
 * Workgroup grids within `maxComputeWorkgroupsPerDimension`. A linear count of workgroups is
 * folded into x and y (programs rebuild the linear index from `num_workgroups`); explicit
 * grids are checked and rejected with the limit named.
 */
import { limitError } from '../device/errors.js';

export type Grid = [number, number, number];

/** Folds `count` workgroups into a grid of at most `maxPerDim` along x and y. */
export function linearGrid(op: string, count: number, maxPerDim: number): Grid {
  if (count <= maxPerDim) return [Math.max(count, 1), 1, 1];
  const y = Math.ceil(count / maxPerDim);
  if (y > maxPerDim) throw limitError(op, 'dispatch', 'maxComputeWorkgroupsPerDimension²', maxPerDim * maxPerDim, count, 'workgroups');
  return [Math.ceil(count / y), y, 1];
}

/** Checks an explicit grid against the per-dimension limit. */
export function checkGrid(op: string, grid: Grid, maxPerDim: number): Grid {
  grid.forEach((g, axis) => {
    if (g > maxPerDim) throw limitError(op, `dispatch dimension ${'xyz'[axis]}`, 'maxComputeWorkgroupsPerDimension', maxPerDim, g, 'workgroups');
  });
  return grid;
}
