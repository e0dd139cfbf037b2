import { writeFile } from 'node:fs/promises';
import { renderText, runBench, type SuiteName } from '@dcnn/bench';
import { runWebGPUBench } from '@dcnn/backend-webgpu/bench';
import { UsageError, intFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';

const SUITES: SuiteName[] = ['all', 'kernels', 'models', 'tiny'];

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Benchmark a backend against its peers (tfjs, onnxruntime-web) on the same inputs (ms, GFLOP/s, ratios).',
  usage: 'bench --backend wasm|webgpu [--threads N] [--json FILE] [--suite all|kernels|models] [--runs N] [--warmup N] [--no-peers] [--no-scaling]',
  flags: {
    backend: { value: 'NAME', description: 'wasm (in Node, vs tfjs-wasm and ORT wasm) or webgpu (in headless Chromium, vs tfjs-webgpu and ORT webgpu)' },
    threads: { value: 'N', description: 'one thread count (default: 1 and 2)' },
    json: { value: 'FILE', description: 'also write the report as JSON' },
    suite: { value: 'NAME', description: `which rows: ${SUITES.join(', ')} (default all)` },
    runs: { value: 'N', description: 'timed runs per row, the median is reported (wasm: default 21; webgpu: default 5)' },
    warmup: { value: 'N', description: 'warm-up runs per row (default 5, and at least 300 ms)' },
    'no-peers': { boolean: true, description: 'measure dcnn only' },
    'no-scaling': { boolean: true, description: 'skip the thread-scaling table (dcnn at 1 thread against N, alternating in one process; measured when the thread counts are 1 and 2)' },
  },
  async run(args, io) {
    const backend = stringFlag(args.flags, 'backend') ?? 'wasm';
    if (backend === 'webgpu') {
      for (const flag of ['threads', 'suite', 'warmup', 'no-peers', 'no-scaling']) {
        if (args.flags[flag] !== undefined) throw new UsageError(`--${flag} applies to the wasm benchmark only`);
      }
      const json = stringFlag(args.flags, 'json');
      const result = await runWebGPUBench({ runs: intFlag(args.flags, 'runs', 5, 1), json, out: io.out, err: io.err });
      return result.status;
    }
    if (backend !== 'wasm') throw new UsageError(`--backend must be wasm or webgpu, not '${backend}'`);
    const suite = (stringFlag(args.flags, 'suite') ?? 'all') as SuiteName;
    if (!SUITES.includes(suite)) throw new UsageError(`--suite must be one of ${SUITES.join(', ')}, got '${suite}'`);
    const runs = intFlag(args.flags, 'runs', 21, 1);
    const threads = args.flags.threads === undefined ? [1, 2] : [intFlag(args.flags, 'threads', 1)];
    io.err(`bench: ${suite} rows at ${threads.join(' and ')} thread(s), ${runs} timed runs each`);
    const report = await runBench({
      suite,
      threads,
      runs,
      warmup: intFlag(args.flags, 'warmup', 5, 0),
      peers: !args.flags['no-peers'],
      scaling: !args.flags['no-scaling'],
      onRow: (r) => io.err(`  ${r.name} (${r.threads}t): ${r.ms.toFixed(3)} ms`),
      onScaling: (r) => io.err(`  scaling ${r.name}: ${r.ms1.toFixed(3)} ms at 1 thread, ${r.ms.toFixed(3)} at ${r.threads} (${r.speedup.toFixed(2)}×)`),
    });
    io.out(renderText(report));
    const file = stringFlag(args.flags, 'json');
    if (file) await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    return 0;
  },
};
