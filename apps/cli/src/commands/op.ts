import { readFile } from 'node:fs/promises';
import { DcnnError, parseCaseFile, runCase, type CaseResult } from '@dcnn/core';
import { UsageError, stringFlag } from '../args.js';
import { backendFlag, createRegistry } from '../backends.js';
import type { Command } from '../command.js';
import { pathFlag } from '../user-path.js';

function formatResult(r: CaseResult): string {
  const figures = r.relL2 !== undefined ? `  relL2 ${r.relL2.toExponential(3)}  maxAbs ${r.maxAbs!.toExponential(3)}` : '';
  return `${r.status.toUpperCase().padEnd(5)} ${r.case} on ${r.backend}${figures}${r.message ? `\n      ${r.message}` : ''}`;
}

export const opCommand: Command = {
  name: 'op',
  summary: 'Run the case(s) of a CASES.md file on a backend and compare with the expected output.',
  usage: 'op --input FILE.json [--backend NAME] [--json]',
  flags: {
    input: { value: 'FILE.json', description: 'a dcnn-case/1 file (one case or a list)' },
    backend: { value: 'NAME', description: 'backend to run on (default: the best available)' },
    json: { boolean: true, description: 'print one JSON object per case' },
  },
  async run(args, io) {
    const file = pathFlag(args.flags, 'input');
    if (!file) throw new UsageError('op needs --input FILE.json');
    const registry = createRegistry();
    const backendName = backendFlag(registry, args.flags);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--input: cannot read ${file}: ${(error as Error).message}`);
    }
    const backend = await registry.create(backendName);
    try {
      let results: CaseResult[];
      try {
        results = [];
        for (const c of parseCaseFile(text, file)) results.push(await runCase(backend, c));
      } catch (error) {
        if (!DcnnError.isDcnnError(error)) throw error;
        results = [{ case: file, backend: backend.name, status: 'error', message: error.message }];
      }
      for (const r of results) io.out(args.flags.json ? JSON.stringify(r) : formatResult(r));
      return results.every((r) => r.status === 'pass') ? 0 : 1;
    } finally {
      backend.dispose();
    }
  },
};
