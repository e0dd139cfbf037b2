/**
 * Known failures: a typed record per backend, never a name filter. A recorded failure that
 * passes fails the run, so the list cannot drift.
 */
import type { CaseStatus } from '@dcnn/core';

export interface KnownFailure {
  /** The exact case name. */
  case: string;
  /** The backend's `name`. */
  backend: string;
  /** Why it fails, and what would fix it. */
  reason: string;
}

export type Verdict = { ok: true } | { ok: false; message: string };

/**
 * Whether a result is acceptable given the known failures: a listed case must not pass; an
 * unlisted case must pass. `unsupported` counts as a failure unless listed (no hidden skips).
 */
export function judge(
  result: { case: string; backend: string; status: CaseStatus; message?: string },
  known: readonly KnownFailure[],
): Verdict {
  const record = known.find((k) => k.case === result.case && k.backend === result.backend);
  if (record) {
    return result.status === 'pass'
      ? { ok: false, message: `${result.case} on ${result.backend} is recorded as a known failure (${record.reason}) but passes: remove the record` }
      : { ok: true };
  }
  if (result.status === 'pass') return { ok: true };
  return { ok: false, message: `${result.status}: ${result.message ?? result.case}` };
}

/** Records that name no existing case: they would hide nothing and must go. */
export function staleKnownFailures(known: readonly KnownFailure[], caseNames: readonly string[]): KnownFailure[] {
  const names = new Set(caseNames);
  return known.filter((k) => !names.has(k.case));
}
