/** Naming whatever a backend threw (an Error, a dcnn error from another copy of core, null, a string). */
import { DcnnError } from '@dcnn/core';

/** The thrown value's class name (`ShapeError`, `TypeError`), or its JavaScript type. */
export function thrownName(error: unknown): string {
  if (DcnnError.isDcnnError(error)) return error.name;
  if (error instanceof Error) return error.name;
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : typeof error;
}

/** A thrown value as `Name: message`, whatever was thrown. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    return `${thrownName(error)}: ${String((error as { message: unknown }).message)}`;
  }
  return `a thrown ${error === null ? 'null' : typeof error}${error === undefined || error === null ? '' : ` (${String(error)})`}`;
}
