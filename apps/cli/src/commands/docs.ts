import { existsSync } from 'node:fs';
import { FIXED_SEEDS, renderConformancePage } from '@dcnn/conformance';
import { UsageError, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { pathFlag } from '../user-path.js';
import { checkWritable, writeFileAtomic } from '../output.js';
import { backendChoice, buildPlan, disposeAll, runOnAll, startBackends } from './conformance-shared.js';

const DEFAULT_CASES = 'packages/conformance/cases';
const DEFAULT_ONNX = '../shared/onnx-node';

export const docsCommand: Command = {
  name: 'docs',
  summary: 'Regenerate a generated docs page (conformance: the matrix per backend, docs/conformance.md).',
  positionals: 1,
  usage: 'docs conformance [--out FILE.md] [--backend NAME[,NAME...]|all] [--cases DIR] [--onnx-node DIR]',
  flags: {
    out: { value: 'FILE.md', description: 'where to write the page (default docs/conformance.md)' },
    backend: { value: 'NAME[,NAME]|all', description: 'backends in the matrix (default: all that start here)' },
    cases: { value: 'DIR', description: `case files to include (default ${DEFAULT_CASES} when present)` },
    'onnx-node': { value: 'DIR', description: `ONNX node tests to include (default ${DEFAULT_ONNX} when present)` },
  },
  async run(args, io) {
    const [page] = args.positionals;
    if (page !== 'conformance') throw new UsageError(`unknown page ${JSON.stringify(page ?? '')} (known: conformance)`);
    const cases = pathFlag(args.flags, 'cases') ?? (existsSync(DEFAULT_CASES) ? DEFAULT_CASES : undefined);
    const onnxNode = pathFlag(args.flags, 'onnx-node') ?? (existsSync(DEFAULT_ONNX) ? DEFAULT_ONNX : undefined);
    const out = pathFlag(args.flags, 'out') ?? 'docs/conformance.md';
    checkWritable('--out', out);
    const spec = stringFlag(args.flags, 'backend') ?? 'all';
    const choice = backendChoice(spec);
    // The page uses the fixed seeds only, so that regenerating it without changes changes nothing.
    const plan = { ...buildPlan({ cases, onnxNode, catalogue: true }), seeds: FIXED_SEEDS };
    const { backends, unavailable } = await startBackends(choice);
    try {
      const results = await runOnAll(backends, plan, io);
      const command = `pnpm dcnn docs conformance${spec === 'all' ? '' : ` --backend ${spec}`}`;
      writeFileAtomic('--out', out, renderConformancePage({ results, unavailable, seeds: FIXED_SEEDS, command }));
      io.out(`wrote ${out} (${results.length} results on ${backends.map((b) => b.name).join(', ')})`);
      return 0;
    } finally {
      disposeAll(backends);
    }
  },
};
