/** What `dcnn conformance` and `dcnn docs` share: starting backends, loading inputs, progress on stderr. */
import { statSync } from 'node:fs';
import type { AnyBackend, BackendRegistry } from '@dcnn/core';
import { defaultSeeds, layerCatalogue, opCatalogue, planSize, runPlan, selectCases, type ConformanceResult, type RunPlan } from '@dcnn/conformance';
import { loadCaseDirectory, loadOnnxNodeTests } from '@dcnn/conformance/node';
import { UsageError } from '../args.js';
import { checkBackendName, createRegistry } from '../backends.js';
import type { Io } from '../command.js';

export interface Started {
  backends: AnyBackend[];
  unavailable: { name: string; reason: string }[];
}

/** What `--backend` of conformance and docs asks for: names, every backend, or the best available. */
export type BackendChoice = string[] | 'all' | undefined;

/** Reads `NAME[,NAME...]`, `all` or nothing; a name that is not registered is a usage error. */
export function backendChoice(spec: string | undefined, registry: BackendRegistry = createRegistry()): BackendChoice {
  if (spec === undefined || spec === 'all') return spec;
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new UsageError('--backend needs a name, a comma-separated list, or all');
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new UsageError(`--backend lists ${twice} twice, got ${JSON.stringify(spec)}`);
  if (names.length > 1 && names.includes('all')) throw new UsageError(`--backend takes all alone, not in a list, got ${JSON.stringify(spec)}`);
  for (const name of names) checkBackendName(registry, name, spec, 'all, or a comma-separated list of');
  return names;
}

/** Starts what `backendChoice` read: `all` starts every backend that can start here. */
export async function startBackends(choice: BackendChoice, registry: BackendRegistry = createRegistry()): Promise<Started> {
  if (choice === undefined) return { backends: [await registry.create()], unavailable: [] };
  if (choice === 'all') {
    const started: Started = { backends: [], unavailable: [] };
    for (const factory of registry.list()) {
      try {
        started.backends.push(await factory.create());
      } catch (error) {
        const e = error as { actual?: string; message?: string };
        started.unavailable.push({ name: factory.name, reason: e.actual ?? e.message ?? String(error) });
      }
    }
    return started;
  }
  const backends: AnyBackend[] = [];
  try {
    for (const name of choice) backends.push(await registry.create(name));
  } catch (error) {
    disposeAll(backends);
    throw error;
  }
  return { backends, unavailable: [] };
}

export interface PlanFlags {
  cases?: string;
  onnxNode?: string;
  seed?: number;
  filter?: string;
  skipModels?: boolean;
  /** Run the catalogue even when case files or ONNX tests are given. */
  catalogue?: boolean;
}

/** Throws a UsageError unless `path` exists (and is a directory, when `directory`). */
function checkPath(flag: string, path: string, directory: boolean): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new UsageError(`${flag} ${path}: no such file or directory`);
  }
  if (directory && !isDirectory) throw new UsageError(`${flag} ${path}: expected a directory, got a file`);
}

export function buildPlan(f: PlanFlags): RunPlan {
  if (f.cases !== undefined) checkPath('--cases', f.cases, false);
  if (f.onnxNode !== undefined) checkPath('--onnx-node', f.onnxNode, true);
  const runsCatalogue = Boolean(f.catalogue) || (f.cases === undefined && f.onnxNode === undefined);
  // Flags that only steer what does not run would be ignored silently: say so instead.
  const without = 'the catalogue does not run when --cases or --onnx-node is given (add --catalogue to run it too)';
  if (!runsCatalogue && f.seed !== undefined) throw new UsageError(`--seed ${f.seed} seeds the catalogue only, and ${without}`);
  if (!runsCatalogue && f.skipModels) throw new UsageError(`--skip-models leaves model cases out of the catalogue, and ${without}`);
  if (!runsCatalogue && f.onnxNode === undefined && f.filter !== undefined) {
    throw new UsageError(`--filter ${JSON.stringify(f.filter)} selects catalogue cases and ONNX tests, not case files, and ${without}`);
  }
  const plan: RunPlan = { seeds: f.seed !== undefined ? [f.seed] : defaultSeeds() };
  if (runsCatalogue) {
    const all = [...opCatalogue, ...layerCatalogue().filter((c) => !(f.skipModels && c.group.startsWith('model:')))];
    plan.catalogue = selectCases(all, f.filter);
  }
  if (f.cases !== undefined) plan.caseFiles = loadCaseDirectory(f.cases);
  if (f.onnxNode !== undefined) {
    let found = 0;
    const keep = (name: string) => {
      found++;
      return f.filter === undefined || name.includes(f.filter);
    };
    plan.onnxTests = loadOnnxNodeTests(f.onnxNode, keep);
    if (!found && !plan.onnxTests.length) throw new UsageError(`--onnx-node ${f.onnxNode}: no ONNX node tests there (folders holding model.onnx, in it or one level down)`);
  }
  // A run that checks nothing must not pass.
  if (planSize(plan) === 0) {
    const what = [plan.catalogue ? 'no catalogue case' : '', plan.onnxTests ? 'no ONNX node test' : ''].filter(Boolean).join(' and ');
    throw new UsageError(`--filter ${JSON.stringify(f.filter ?? '')} matches ${what}: nothing to run`);
  }
  return plan;
}

/** Runs the plan on every backend with a progress line on stderr (redrawn on a terminal). */
export async function runOnAll(backends: AnyBackend[], plan: RunPlan, io: Io): Promise<ConformanceResult[]> {
  const tty = Boolean(process.stderr.isTTY);
  const results: ConformanceResult[] = [];
  for (const backend of backends) {
    const total = planSize(plan);
    let bad = 0;
    let lastShown = -1;
    const started = Date.now();
    const rows = await runPlan(backend, plan, (done, _total, r) => {
      if (r.status === 'fail' || r.status === 'error') bad++;
      const line = `[${backend.name}] ${done}/${total}  ${bad} failing  ${r.case}`;
      if (tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 100) - 1)}`);
      else if (Math.floor((done * 10) / total) !== lastShown) {
        lastShown = Math.floor((done * 10) / total);
        io.err(line);
      }
    });
    if (tty) process.stderr.write('\r\x1b[2K');
    io.err(`[${backend.name}] ${rows.length} results, ${bad} failing, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    results.push(...rows);
  }
  return results;
}

export function disposeAll(backends: AnyBackend[]): void {
  for (const b of backends) b.dispose();
}
