import { writeFileSync } from 'node:fs';
import { createReferenceBackend, tensor } from '@dcnn/core';
import { buildModel, calibrateBatchNorm, saveSafetensors, saveWeights } from '@dcnn/layers';
import { describe, expect, it } from 'vitest';
import { cli, tempFile } from './helpers.js';

describe('dcnn summary', () => {
  it('prints exactly {model, params, macs} with --json (torchvision MobileNetV2 anchors)', async () => {
    const r = await cli('summary', 'mobilenetv2', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ model: 'mobilenetv2', params: 3_504_872, macs: 300_774_272 });
  });

  it('takes --width and --kernels (ODConv 4× MobileNetV2 0.5×: 4.44M published)', async () => {
    const { params } = JSON.parse((await cli('summary', 'od-mobilenetv2', '--width', '0.5', '--kernels', '4', '--json')).out);
    expect(Math.round(params / 1e4) / 100).toBe(4.44);
  });

  it('lists layers and totals', async () => {
    const r = await cli('summary', 'resnet18');
    expect(r.out).toMatch(/layer4\.1\.conv2 +Conv2d +\[1,512,7,7\] +2,359,296/);
    expect(r.out).toMatch(/params 11,689,512 \(11\.69M\), MACs 1,814,073,344 \(1\.814G\)/);
  });

  it('rejects an unknown model', async () => {
    const r = await cli('summary', 'vgg16');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown model "vgg16"/);
  });
});

describe('dcnn run', () => {
  const topFive = (out: string) => [...out.matchAll(/^ +(\d+): (\d\.\d+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);

  it('runs the seed network with seeded weights: top-5 and timing', async () => {
    const r = await cli('run', 'dynamic-convnet', '--backend', 'reference');
    expect(r.code).toBe(0);
    const top = topFive(r.out);
    expect(top).toHaveLength(5);
    for (let i = 1; i < 5; i++) expect(top[i][1]).toBeLessThanOrEqual(top[i - 1][1]);
    expect(top.reduce((s, [, p]) => s + p, 0)).toBeLessThanOrEqual(1 + 1e-6);
    expect(r.out).toMatch(/first run [\d.]+ ms, warm run [\d.]+ ms/);
  });

  it('loads --weights and --input files', async () => {
    const backend = createReferenceBackend();
    const input = Float32Array.from({ length: 1200 }, (_, i) => Math.sin(i));
    const inputFile = tempFile('x.safetensors', '');
    writeFileSync(inputFile, saveSafetensors({ input: { shape: [3, 20, 20], data: input } }));
    // What `run --seed 5` builds: seeded weights, batch norms calibrated on the input.
    const model = buildModel('dynamic-convnet', { backend, seed: 5 });
    calibrateBatchNorm(model, tensor(backend, input, [1, 3, 20, 20]));
    const weightsFile = tempFile('w.safetensors', '');
    writeFileSync(weightsFile, await saveWeights(model));
    const seeded = await cli('run', 'dynamic-convnet', '--backend', 'reference', '--seed', '5', '--input', inputFile);
    const loaded = await cli('run', 'dynamic-convnet', '--backend', 'reference', '--weights', weightsFile, '--input', inputFile);
    expect(loaded.code).toBe(0);
    expect(loaded.out).toMatch(/input \[1,3,20,20\]/);
    expect(topFive(loaded.out)).toEqual(topFive(seeded.out));
    const other = await cli('run', 'dynamic-convnet', '--backend', 'reference', '--input', inputFile);
    expect(topFive(other.out)).not.toEqual(topFive(seeded.out));
    const wrong = await cli('run', 'mobilenetv2', '--backend', 'reference', '--weights', weightsFile);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/ShapeError: loadWeights: tensor '/);
  });
});
