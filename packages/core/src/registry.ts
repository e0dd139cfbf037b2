/**
 * The backend registry: factories are registered explicitly (no import side effects), and
 * `create()` picks by name or by priority. When none can start, one `BackendInitError`
 * lists every backend's reason.
 */
import type { AnyBackend, BackendFactory } from './backend.js';
import { BackendInitError, DcnnError } from './errors.js';

export class BackendRegistry {
  readonly #factories = new Map<string, BackendFactory>();

  register(factory: BackendFactory): this {
    this.#factories.set(factory.name, factory);
    return this;
  }

  /** Registered factories, highest priority first. */
  list(): BackendFactory[] {
    return [...this.#factories.values()].sort((a, b) => b.priority - a.priority);
  }

  get(name: string): BackendFactory | undefined {
    return this.#factories.get(name);
  }

  /**
   * Starts the named backend, or the highest-priority one that can start here, preferring one
   * that runs on real hardware over one that runs on a software emulation of its device.
   */
  async create(name?: string): Promise<AnyBackend> {
    if (name !== undefined) {
      const factory = this.#factories.get(name);
      if (!factory) {
        throw new BackendInitError({ op: 'registry', arg: 'backend', expected: `one of ${[...this.#factories.keys()].join(', ')}`, actual: JSON.stringify(name) });
      }
      return factory.create();
    }
    const failures: string[] = [];
    let softwareFallback: AnyBackend | undefined;
    for (const factory of this.list()) {
      let backend: AnyBackend;
      try {
        backend = await factory.create();
      } catch (error) {
        failures.push(`${factory.name}: ${reason(error)}`);
        continue;
      }
      if (!backend.software) {
        softwareFallback?.dispose();
        return backend;
      }
      if (softwareFallback) backend.dispose();
      else softwareFallback = backend;
    }
    if (softwareFallback) return softwareFallback;
    throw new BackendInitError({ op: 'registry', arg: 'backend', expected: 'a backend that can start here', actual: failures.length ? failures.join('; ') : 'no backends registered' });
  }

  /** Tries every backend: whether it can start here and, if not, why. Disposes what started. */
  async probe(): Promise<{ name: string; description: string; priority: number; available: boolean; software?: boolean; reason?: string }[]> {
    const rows = [];
    for (const factory of this.list()) {
      const row = { name: factory.name, description: factory.description, priority: factory.priority };
      try {
        const backend = await factory.create();
        backend.dispose();
        rows.push({ ...row, available: true, ...(backend.software ? { software: true } : {}) });
      } catch (error) {
        rows.push({ ...row, available: false, reason: reason(error) });
      }
    }
    return rows;
  }
}

function reason(error: unknown): string {
  if (DcnnError.isDcnnError(error) && error.name === 'BackendInitError') return error.actual;
  return error instanceof Error ? error.message : String(error);
}
