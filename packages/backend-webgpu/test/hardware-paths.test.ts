/**
 * The kernels a hardware adapter gets where they differ from the software-tuned ones (the
 * workgroup-memory core for pointwise convolutions), checked here on the software adapter.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createWebGPUBackend, type WebGPUBackend } from '../src/index.js';
import { expectAgrees } from './helpers.js';

let gpu: WebGPUBackend;
beforeAll(async () => {
  gpu = await createWebGPUBackend({ softwareAdapter: false });
});
afterAll(() => gpu?.dispose());

describe('hardware-tuned conv paths agree with the reference', () => {
  it('pointwise on an aligned plane', () => expectAgrees(gpu, 'conv2d', { x: [2, 13, 4, 6], w: [20, 13, 1, 1], b: [20] }, { activation: 'relu6' }));
  it('grouped pointwise', () => expectAgrees(gpu, 'conv2d', { x: [1, 8, 4, 4], w: [8, 4, 1, 1] }, { group: 2 }));
  it('dynamic pointwise bank', () => expectAgrees(gpu, 'dynamicConv2d', { x: [3, 12, 4, 4], w: [4, 8, 12, 1, 1], a: [3, 4], b: [4, 8] }, { activation: 'silu' }));
  it('deformable conv (its 1x1 product)', () => expectAgrees(gpu, 'deformConv2d', { x: [1, 4, 8, 8], w: [8, 4, 3, 3], offset: [1, 18, 8, 8], b: [8] }, { pads: [1, 1, 1, 1] }));
});
