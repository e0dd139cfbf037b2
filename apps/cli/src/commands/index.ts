/** Every command of `dcnn`. A new command is one file in this folder and one line here. */
import type { Command } from '../command.js';
import { backendsCommand } from './backends.js';
import { benchCommand } from './bench.js';
import { conformanceCommand } from './conformance.js';
import { docsCommand } from './docs.js';
import { opCommand } from './op.js';
import { runCommand } from './run.js';
import { summaryCommand } from './summary.js';

export const commands: Command[] = [backendsCommand, opCommand, summaryCommand, runCommand, conformanceCommand, docsCommand, benchCommand];
