/**
 * `runWebGPUBench`: runs the webgpu benchmark page (webgpu.bench.browser.ts) in headless
 * Chromium through vitest's browser mode, streams its progress, prints the report and returns
 * it with an exit status. Node only; it needs this package's source tree (src/webgpu/ and
 * vitest.webgpu.config.ts), i.e. the monorepo, and Chromium at /usr/bin/chromium (CHROMIUM_PATH).
 *
 * This is the body of `dcnn bench --backend webgpu`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderText, type WebGPUBenchReport } from './report.js';

export type { WebGPUBenchReport, ReportRow, Runtime, Timing } from './report.js';
export { renderText } from './report.js';

export interface WebGPUBenchOptions {
  /** Timed runs per row (median reported; default 5: software rendering is slow). */
  runs?: number;
  /** Only rows whose name contains this. */
  only?: string;
  /** Where the JSON report goes (default bench-results/webgpu.json in this package). */
  json?: string;
  /** Progress and report lines. */
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** The vitest config that runs the page, at this package's root. */
const CONFIG = 'vitest.webgpu.config.ts';

function packageDir(): string {
  // dist/webgpu.js or src/webgpu/node-runner.ts: the package root is the first folder up with the config.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, CONFIG)) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export async function runWebGPUBench(options: WebGPUBenchOptions = {}): Promise<{ status: number; report?: WebGPUBenchReport }> {
  const out = options.out ?? ((l: string) => console.log(l));
  const err = options.err ?? ((l: string) => console.error(l));
  const cwd = packageDir();
  if (!existsSync(join(cwd, CONFIG))) {
    err(`bench: the webgpu benchmark needs the @dcnn/bench source tree (${CONFIG}), which this install lacks`);
    return { status: 1 };
  }
  const json = resolve(options.json ?? join(cwd, 'bench-results', 'webgpu.json'));
  const env = { ...process.env, BENCH_RUNS: String(options.runs ?? 5), BENCH_ONLY: options.only ?? '', BENCH_OUT: json };
  err(`bench: webgpu in headless Chromium vs tfjs-webgpu and onnxruntime-web webgpu (${env.BENCH_RUNS} timed runs a row)`);
  const vitest = join(cwd, 'node_modules', 'vitest', 'vitest.mjs');
  const status = await new Promise<number>((done) => {
    const child = spawn(process.execPath, [vitest, 'run', '--config', CONFIG, '--reporter=dot'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (chunk: Buffer) => {
      // The page logs each finished row as one JSON line (vitest adds colour codes around it).
      for (const line of chunk.toString().replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
        if (!line.startsWith('{"name"')) continue;
        const row = JSON.parse(line) as { name: string; results: Record<string, { medianMs?: number }> };
        const cells = Object.entries(row.results).map(([k, v]) => `${k} ${v.medianMs === undefined ? 'error' : `${v.medianMs.toFixed(1)} ms`}`);
        err(`  ${row.name}: ${cells.join(', ')}`);
      }
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', (c: Buffer) => {
      const text = c.toString();
      if (/Error|error:/.test(text) && !/XDG_RUNTIME_DIR/.test(text)) err(text.trimEnd());
    });
    child.on('close', (code) => done(code ?? 1));
  });
  if (status !== 0 || !existsSync(json)) {
    err(`bench: the benchmark page failed (exit ${status})`);
    return { status: status || 1 };
  }
  const report = JSON.parse(readFileSync(json, 'utf8')) as WebGPUBenchReport;
  out(renderText(report));
  out(`report written to ${json}`);
  return { status: 0, report };
}
