/**
 * Who owns which tensor: a live count per backend, and a stack of scopes. `scope(fn)` disposes
 * every tensor created while `fn` ran, except those it returns (found anywhere in arrays or plain
 * objects of the result) and those passed to `keep()`.
 */
import type { AnyBackend } from './backend.js';
import type { Tensor } from './tensor.js';

const live = new Map<AnyBackend, number>();
const scopes: Set<Tensor>[] = [];

export function track(t: Tensor): void {
  live.set(t.backend, (live.get(t.backend) ?? 0) + 1);
  scopes.at(-1)?.add(t);
}

export function untrack(t: Tensor): void {
  live.set(t.backend, (live.get(t.backend) ?? 1) - 1);
  for (const s of scopes) s.delete(t);
}

/** Tensors created on `backend` and not yet disposed. */
export function liveTensorCount(backend: AnyBackend): number {
  return live.get(backend) ?? 0;
}

/** Removes `t` from every open scope, so the scopes do not dispose it. */
export function keep<T extends Tensor>(t: T): T {
  for (const s of scopes) s.delete(t);
  return t;
}

function collect(value: unknown, into: Set<unknown>): void {
  if (value === null || typeof value !== 'object') return;
  if (into.has(value)) return;
  into.add(value);
  if (Array.isArray(value) || value instanceof Set) for (const v of value) collect(v, into);
  else if (Object.getPrototypeOf(value) === Object.prototype || value instanceof Map) {
    const values = value instanceof Map ? [...value.values()] : Object.values(value);
    for (const v of values) collect(v, into);
  }
}

/**
 * Runs `fn` and disposes the tensors it created that it does not return. Synchronous on
 * purpose: ops are synchronous, and an async body would let other work leak into the scope.
 */
export function scope<T>(fn: () => T): T {
  const mine = new Set<Tensor>();
  scopes.push(mine);
  let result: T;
  try {
    result = fn();
    if (result instanceof Promise) {
      // Tensors created after an await would escape the scope, and those created before it would
      // be disposed while the async body may still use them.
      result.catch(() => {});
      throw new TypeError('scope(fn): fn must be synchronous (it returned a Promise); use scope inside the async function instead');
    }
  } catch (error) {
    scopes.pop();
    for (const t of mine) t.dispose();
    throw error;
  }
  scopes.pop();
  const returned = new Set<unknown>();
  try {
    collect(result, returned);
  } catch (error) {
    // Reading the result threw (a getter): nothing can be known to be returned.
    for (const t of mine) t.dispose();
    throw error;
  }
  for (const t of mine) {
    if (returned.has(t)) scopes.at(-1)?.add(t);
    else t.dispose();
  }
  return result;
}
