/**
 * A case-file case as a conformance row: core's `runCase` (which checks every expected output,
 * the output count and leaks), named `case:<name>` in the group `cases:<op>`, its message
 * prefixed with the file it came from.
 */
import { runCase, type AnyBackend, type OpCase } from '@dcnn/core';
import type { ConformanceResult } from '../results.js';

export async function runFileCase(backend: AnyBackend, c: OpCase): Promise<ConformanceResult> {
  const { case: _name, message, ...rest } = await runCase(backend, c);
  return { ...rest, case: `case:${c.name}`, group: `cases:${c.op}`, ...(message === undefined ? {} : { message: `${c.file}: ${message}` }) };
}
