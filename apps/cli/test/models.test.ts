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

  it('--fuse folds the batch norms and activations and gives the same top-5', async () => {
    // 96×96: at 32×32 the last stages' 2×2 maps give batch norms calibrated on 4 values per
    // channel, whose huge gains make the net chaotic (float32 rounding of the folded weights then
    // reorders near-tied classes).
    const argv = ['run', 'mobilenetv2', '--backend', 'reference', '--size', '96', '--width', '0.5'];
    const plain = await cli(...argv);
    const fused = await cli(...argv, '--fuse');
    expect(fused.code).toBe(0);
    expect(fused.out).toContain('fused for inference: 52 batch norms and 35 activations folded into the convs');
    expect(plain.out).not.toContain('fused');
    // The same parameter count as unfused (the model's, not the fused graph's).
    const params = (out: string) => out.match(/([\d,]+) params/)?.[1];
    expect(params(fused.out)).toBe(params(plain.out));
    const [a, b] = [topFive(plain.out), topFive(fused.out)];
    expect(b.map(([i]) => i)).toEqual(a.map(([i]) => i));
    b.forEach(([, p], i) => expect(p).toBeCloseTo(a[i][1], 5));
  });
});

describe('dcnn summary and run: flag checking', () => {
  it('names --width and --kernels when the model takes none (usage errors, exit 2)', async () => {
    const w = await cli('summary', 'resnet18', '--width', '0.5');
    expect(w.code).toBe(2);
    expect(w.err).toContain('--width applies to the MobileNetV2 models only, not resnet18');
    const k = await cli('run', 'mobilenetv2', '--kernels', '4', '--backend', 'reference');
    expect(k.code).toBe(2);
    expect(k.err).toContain('--kernels applies to the dynamic variants only');
  });

  it('rejects an infinite --width (it reached the builder as a ShapeError)', async () => {
    const r = await cli('summary', 'mobilenetv2', '--width', 'Infinity');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--width must be a positive number, got "Infinity"');
  });

  it('names --size when it is too small for the network', async () => {
    for (const argv of [['summary'], ['run', '--backend', 'reference']]) {
      const r = await cli(...argv, 'dynamic-convnet', '--size', '2');
      expect(r.code, argv[0]).toBe(2);
      expect(r.err).toContain('--size 2 is too small for dynamic-convnet: MaxPool2d');
    }
  });

  it('keeps --seed within the 32 bits the generators use (4294967296 silently equalled 0)', async () => {
    const r = await cli('run', 'dynamic-convnet', '--backend', 'reference', '--seed', '4294967296');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--seed must be an integer from 0 to 4294967295, got "4294967296"');
  });

  it('names the flag and the file of a malformed --weights or --input file', async () => {
    const junk = tempFile('junk.safetensors', 'abc');
    for (const flag of ['--weights', '--input']) {
      const r = await cli('run', 'dynamic-convnet', '--backend', 'reference', flag, junk);
      expect(r.code, flag).toBe(1);
      expect(r.err).toContain(`dcnn run: ${flag} ${junk}: not a valid safetensors file: AttributeError: safetensors: header length`);
    }
  });

  it('names --input when its tensor does not fit the model, and when it holds no usable tensor', async () => {
    const oneChannel = tempFile('gray.safetensors', '');
    writeFileSync(oneChannel, saveSafetensors({ input: { shape: [1, 20, 20], data: new Float32Array(400) } }));
    const r = await cli('run', 'dynamic-convnet', '--backend', 'reference', '--input', oneChannel);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`--input ${oneChannel}: a [1,1,20,20] input does not fit dynamic-convnet`);
    const two = tempFile('two.safetensors', '');
    writeFileSync(two, saveSafetensors({ a: { shape: [3, 8, 8], data: new Float32Array(192) }, b: { shape: [3, 8, 8], data: new Float32Array(192) } }));
    const t = await cli('run', 'dynamic-convnet', '--backend', 'reference', '--input', two);
    expect(t.code).toBe(1);
    expect(t.err).toContain(`--input ${two}: expected one tensor, or one named 'input', got 2 tensors: a, b`);
  });

  it('rejects --size together with --input (the file decides the size; --size was ignored)', async () => {
    const input = tempFile('x.safetensors', '');
    writeFileSync(input, saveSafetensors({ input: { shape: [3, 20, 20], data: new Float32Array(1200) } }));
    const r = await cli('run', 'dynamic-convnet', '--backend', 'reference', '--input', input, '--size', '64');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--size sets the size of the seeded input; with --input ${input} the file's tensor is the input`);
  });
});
