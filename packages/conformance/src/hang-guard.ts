/**
 * A per-row time limit for the runners. An async read or dispatch that never settles would stop a
 * run for good; the guard gives up on it after `timeoutMs`, reports the row as an error, and does
 * not trust the backend afterwards: its remaining rows are reported as not run (each would wait
 * out the limit behind the stuck work). A synchronous endless loop cannot be interrupted from
 * JavaScript; only an async hang is caught. A row whose work rejects becomes an error row.
 */
import type { ConformanceResult } from './results.js';
import { describeThrown } from '@dcnn/core';

/** The default limit per row (a case with all its seeds, a case-file case, an ONNX test). */
export const DEFAULT_CASE_TIMEOUT_MS = 300_000;

/** The identity of a row, for the error rows the guard writes itself. */
export type RowBase = Pick<ConformanceResult, 'case' | 'backend' | 'group'>;

export class HangGuard {
  readonly timeoutMs: number;
  #stuck: string | undefined;

  constructor(timeoutMs: number = DEFAULT_CASE_TIMEOUT_MS) {
    if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
    this.timeoutMs = timeoutMs;
  }

  /** Where the backend stopped answering, once it has. */
  get stuck(): string | undefined {
    return this.#stuck;
  }

  async run(base: RowBase, work: () => Promise<ConformanceResult>): Promise<ConformanceResult> {
    if (this.#stuck !== undefined) {
      return { ...base, status: 'error', message: `${base.case} on ${base.backend}: not run: the backend stopped answering during ${this.#stuck}` };
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
    });
    const guarded = (async () => work())().catch(
      (error: unknown): ConformanceResult => ({ ...base, status: 'error', message: `${base.case} on ${base.backend}: ${describeThrown(error)}` }),
    );
    try {
      const outcome = await Promise.race([guarded, limit]);
      if (outcome !== 'timeout') return outcome;
      this.#stuck = base.case;
      const seconds = this.timeoutMs / 1000;
      return {
        ...base,
        status: 'error',
        message: `${base.case} on ${base.backend}: no result after ${seconds} s (a read or dispatch that never finished); the backend's remaining cases are not run`,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
