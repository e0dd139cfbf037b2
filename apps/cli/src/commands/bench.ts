import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderText, runBench, type SuiteName } from '@dcnn/bench';
import { runWebGPUBench } from '@dcnn/bench/webgpu';
import { UsageError, intFlag, stringFlag, type ParsedArgs } from '../args.js';
import type { Command, Io } from '../command.js';
import { checkWritable, writeFileAtomic } from '../output.js';
import { pathFlag } from '../user-path.js';

const SUITES: SuiteName[] = ['all', 'kernels', 'models', 'tiny'];
/** The wasm backend's thread limit (its `threads` option takes 1 to 256). */
const MAX_THREADS = 256;

/** `--json -`: the JSON report goes to stdout and the text table to stderr. */
const STDOUT = '-';

/** The webgpu benchmark in headless Chromium; its report goes through a fresh temporary file. */
async function benchWebGPU(args: ParsedArgs, io: Io, json: string | undefined): Promise<number> {
  for (const flag of ['threads', 'suite', 'warmup', 'no-peers', 'no-scaling']) {
    if (args.flags[flag] !== undefined) throw new UsageError(`--${flag} applies to the wasm benchmark only`);
  }
  const runs = intFlag(args.flags, 'runs', 5, 1);
  if (json === undefined) return (await runWebGPUBench({ runs, out: io.out, err: io.err })).status;
  // A fresh path, so neither a stale report nor a half-written one can pass for this run's.
  const dir = mkdtempSync(join(tmpdir(), 'dcnn-bench-'));
  try {
    const temp = join(dir, 'webgpu.json');
    const text = json === STDOUT ? io.err : io.out;
    const out = (line: string) => {
      if (!line.startsWith(`report written to ${temp}`)) text(line);
    };
    const result = await runWebGPUBench({ runs, json: temp, out, err: io.err });
    if (result.status !== 0) return result.status;
    const report = readFileSync(temp, 'utf8');
    if (json === STDOUT) io.out(report.trimEnd());
    else {
      writeFileAtomic('--json', json, report);
      io.err(`report written to ${json}`);
    }
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Benchmark a backend against its peers (tfjs, onnxruntime-web) on the same inputs (ms, GFLOP/s, ratios).',
  usage: `bench --backend wasm|webgpu [--threads N] [--json FILE|-] [--suite ${SUITES.join('|')}] [--runs N] [--warmup N] [--no-peers] [--no-scaling]`,
  flags: {
    backend: { value: 'NAME', description: 'wasm (in Node, vs tfjs-wasm and ORT wasm; the default) or webgpu (in headless Chromium, vs tfjs-webgpu and ORT webgpu)' },
    threads: { value: 'N', description: `one thread count, 1 to ${MAX_THREADS} (default: 1 and 2)` },
    json: { value: 'FILE', description: 'also write the report as JSON (-: the JSON to stdout, the table to stderr)' },
    suite: { value: 'NAME', description: `which rows: ${SUITES.join(', ')} (default all)` },
    runs: { value: 'N', description: 'timed runs per row, the median is reported (wasm: default 21; webgpu: default 5)' },
    warmup: { value: 'N', description: 'warm-up runs per row (default 5, and at least 300 ms)' },
    'no-peers': { boolean: true, description: 'measure dcnn only' },
    'no-scaling': { boolean: true, description: 'skip the thread-scaling table (dcnn at 1 thread against N, alternating in one process; measured when the thread counts are 1 and 2)' },
  },
  async run(args, io) {
    const backend = stringFlag(args.flags, 'backend') ?? 'wasm';
    if (backend !== 'wasm' && backend !== 'webgpu') throw new UsageError(`--backend must be wasm or webgpu, not '${backend}'`);
    const json = stringFlag(args.flags, 'json') === STDOUT ? STDOUT : pathFlag(args.flags, 'json');
    if (json !== undefined && json !== STDOUT) checkWritable('--json', json);
    if (backend === 'webgpu') return benchWebGPU(args, io, json);
    // Every flag is checked before anything is printed or measured.
    const suite = (stringFlag(args.flags, 'suite') ?? 'all') as SuiteName;
    if (!SUITES.includes(suite)) throw new UsageError(`--suite must be one of ${SUITES.join(', ')}, got '${suite}'`);
    const runs = intFlag(args.flags, 'runs', 21, 1);
    const warmup = intFlag(args.flags, 'warmup', 5, 0);
    const threads = args.flags.threads === undefined ? [1, 2] : [intFlag(args.flags, 'threads', 1, 1, MAX_THREADS)];
    const few = runs < 20 ? ' (under 20: medians less stable than the documented runs, which use 21)' : '';
    io.err(`bench: ${suite} rows at ${threads.join(' and ')} thread(s), ${runs} timed runs each${few}`);
    const report = await runBench({
      suite,
      threads,
      runs,
      warmup,
      peers: !args.flags['no-peers'],
      scaling: !args.flags['no-scaling'],
      onRow: (r) => io.err(`  ${r.name} (${r.threads}t): ${r.ms.toFixed(3)} ms`),
      onScaling: (r) => io.err(`  scaling ${r.name}: ${r.ms1.toFixed(3)} ms at 1 thread, ${r.ms.toFixed(3)} at ${r.threads} (${r.speedup.toFixed(2)}×)`),
    });
    const text = `${JSON.stringify(report, null, 2)}\n`;
    if (json === STDOUT) {
      io.err(renderText(report));
      io.out(text.trimEnd());
      return 0;
    }
    io.out(renderText(report));
    if (json !== undefined) {
      writeFileAtomic('--json', json, text);
      io.err(`report written to ${json}`);
    }
    return 0;
  },
};
