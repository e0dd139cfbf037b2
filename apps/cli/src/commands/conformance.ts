import { allPassed, buildMatrix, renderMatrixText, toReport } from '@dcnn/conformance';
import { MAX_SEED, intFlag, stringFlag } from '../args.js';
import { checkWritable, writeFileAtomic } from '../output.js';
import type { Command } from '../command.js';
import { pathFlag } from '../user-path.js';
import { backendChoice, buildPlan, disposeAll, runOnAll, startBackends } from './conformance-shared.js';

export const conformanceCommand: Command = {
  name: 'conformance',
  summary: 'Check backends against the reference: the op/layer/model catalogue, case files, ONNX node tests.',
  usage:
    'conformance [--backend NAME[,NAME...]|all] [--cases DIR] [--onnx-node DIR] [--catalogue] [--report FILE.json] [--seed N] [--filter TEXT] [--skip-models]\n\n' +
    'With neither --cases nor --onnx-node the catalogue runs; when either is given only what is asked runs\n' +
    '(add --catalogue for both). The matrix goes to stdout, progress to stderr. Exit status 0 only if\n' +
    'nothing failed or errored (unsupported is not a failure).',
  flags: {
    backend: { value: 'NAME[,NAME]|all', description: 'backends to check (default: the best available; all: every one that starts here)' },
    cases: { value: 'DIR', description: 'run the CASES.md files below DIR, or the one file DIR names (malformed files are reported, not fatal)' },
    'onnx-node': { value: 'DIR', description: 'run the ONNX node tests below DIR (e.g. ../shared/onnx-node)' },
    catalogue: { boolean: true, description: 'also run the catalogue when --cases or --onnx-node is given' },
    report: { value: 'FILE.json', description: 'write {"results": [...]} to FILE.json' },
    seed: { value: 'N', description: `run the catalogue with this seed only, 0 to ${MAX_SEED} (replays a failure)` },
    filter: { value: 'TEXT', description: 'only catalogue cases and ONNX tests whose name contains TEXT' },
    'skip-models': { boolean: true, description: 'leave out the whole-model cases (the slowest)' },
  },
  async run(args, io) {
    const seed = args.flags.seed === undefined ? undefined : intFlag(args.flags, 'seed', 0, 0, MAX_SEED);
    const report = pathFlag(args.flags, 'report');
    if (report !== undefined) checkWritable('--report', report);
    const choice = backendChoice(stringFlag(args.flags, 'backend'));
    const plan = buildPlan({
      cases: pathFlag(args.flags, 'cases'),
      onnxNode: pathFlag(args.flags, 'onnx-node'),
      seed,
      filter: stringFlag(args.flags, 'filter'),
      skipModels: args.flags['skip-models'] === true,
      catalogue: args.flags.catalogue === true,
    });
    const { backends, unavailable } = await startBackends(choice);
    for (const u of unavailable) io.err(`unavailable: ${u.name}: ${u.reason}`);
    if (plan.catalogue) io.err(`seeds: ${plan.seeds.join(', ')}`);
    try {
      const results = await runOnAll(backends, plan, io);
      io.out(renderMatrixText(buildMatrix(results)));
      const bad = results.filter((r) => r.status === 'fail' || r.status === 'error');
      if (bad.length) {
        io.out('');
        io.out(`${bad.length} failing:`);
        for (const r of bad) io.out(`  ${r.status.toUpperCase()} ${r.case} on ${r.backend}: ${r.message ?? ''}`);
      }
      const count = (s: string) => results.filter((r) => r.status === s).length;
      io.out('');
      io.out(`${count('pass')} passed, ${count('fail')} failed, ${count('error')} errors, ${count('unsupported')} unsupported on ${backends.map((b) => b.name).join(', ')}`);
      if (report !== undefined) {
        writeFileAtomic('--report', report, `${JSON.stringify(toReport(results), null, 1)}\n`);
        io.err(`report written to ${report}`);
      }
      return allPassed(results) ? 0 : 1;
    } finally {
      disposeAll(backends);
    }
  },
};
