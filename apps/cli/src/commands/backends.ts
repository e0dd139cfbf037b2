import { createRegistry } from '../backends.js';
import type { Command } from '../command.js';

export const backendsCommand: Command = {
  name: 'backends',
  summary: 'List every backend, whether it can run here, and why not.',
  usage: 'backends [--json]',
  flags: { json: { boolean: true, description: 'print a JSON array instead of a table' } },
  async run(args, io) {
    const rows = await createRegistry().probe();
    if (args.flags.json) {
      io.out(JSON.stringify(rows));
      return 0;
    }
    const width = Math.max(...rows.map((r) => r.name.length));
    for (const r of rows) {
      const state = r.available ? (r.software ? 'software   ' : 'available  ') : 'unavailable';
      io.out(`${r.name.padEnd(width)}  ${state}  ${r.available ? r.description : r.reason}`);
    }
    return 0;
  },
};
