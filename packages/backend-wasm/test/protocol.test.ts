import { describe, expect, it } from 'vitest';
import { collect } from '../src/threads/pool.js';
import {
  CHUNKS, DONE, IDLE, POSTED, RANGE_AT, RUNNING, SCRATCH_AT, SCRATCH_BASE, SCRATCH_STRIDE, STATE, STATUS, THREADS, TOTAL,
  chunkBound, controlBytes, jobView, resetClaims, runChunks,
} from '../src/threads/protocol.js';

/**
 * A control block with one job posted to `threads` threads: `chunks` chunks over `total` units,
 * the range at args[1..2], the scratch pointer at args[3]. `slots` are the workers' (1, 2, ...).
 */
function posted(chunks: number, total: number, threads = 1) {
  const job = jobView(new SharedArrayBuffer(controlBytes(threads)));
  job.ints[CHUNKS] = chunks;
  job.ints[TOTAL] = total;
  job.ints[THREADS] = threads;
  job.ints[RANGE_AT] = 1;
  job.ints[SCRATCH_AT] = 3;
  job.floats[SCRATCH_BASE] = 4096;
  job.floats[SCRATCH_STRIDE] = 640;
  job.args.set([7, 0, 0, 0]);
  resetClaims(job);
  const slots = job.slots.slice(1);
  for (const s of slots) Atomics.store(s, STATE, POSTED);
  return { job, slots };
}

/** Runs thread `t`'s claims, recording [start, end, scratch] per chunk. */
function claims(job: ReturnType<typeof posted>['job'], t: number, during?: () => void): number[][] {
  const seen: number[][] = [];
  runChunks(job, (...a) => {
    seen.push([a[1], a[2], a[3]]);
    during?.();
  }, t);
  return seen;
}

describe('chunk bounds', () => {
  it.each([[13, 5], [8, 8], [100, 3], [1, 1], [6144, 4]])('split %i units into %i contiguous, non-empty chunks', (total, chunks) => {
    const ranges = Array.from({ length: chunks }, (_, i) => [chunkBound(i, total, chunks), chunkBound(i + 1, total, chunks)]);
    expect(ranges[0][0]).toBe(0);
    expect(ranges[chunks - 1][1]).toBe(total);
    for (let i = 1; i < chunks; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1]);
    for (const [a, b] of ranges) expect(b).toBeGreaterThan(a);
  });
});

describe('claiming chunks', () => {
  it('runs every chunk exactly once, with the thread’s own scratch block, until none are left', () => {
    const { job } = posted(5, 13);
    const seen: number[][] = [];
    expect(runChunks(job, (...a) => void seen.push(a), 0)).toBe(0);
    expect(seen.map((a) => [a[1], a[2]])).toEqual([[0, 3], [3, 5], [5, 8], [8, 10], [10, 13]]);
    expect(seen.every((a) => a[0] === 7 && a[3] === 4096)).toBe(true);
    // A claim after the last chunk finds nothing to do.
    expect(claims(job, 0)).toEqual([]);
  });

  it('starts each thread on its own contiguous run, then on what the others have not claimed', () => {
    const { job } = posted(4, 40, 2);
    // Thread 1 takes its first chunk while thread 0 runs its own first one.
    let one: number[][] = [];
    const zero = claims(job, 0, () => {
      if (one.length === 0) one = claims(job, 1);
    });
    // Thread 1 ran its own run, then thread 0's second chunk, before thread 0 came back for it.
    expect(one).toEqual([[20, 30, 4096 + 640], [30, 40, 4096 + 640], [10, 20, 4096 + 640]]);
    expect(zero).toEqual([[0, 10, 4096]]);
  });

  it('lets a thread that is on time run the chunks of one that is late, and leaves the late one nothing', () => {
    const { job } = posted(4, 40, 2);
    expect(claims(job, 0)).toEqual([[0, 10, 4096], [10, 20, 4096], [20, 30, 4096], [30, 40, 4096]]);
    expect(claims(job, 1)).toEqual([]);
    // The same from the worker's side: a worker alone runs its own run, then the caller's.
    const again = posted(4, 40, 2).job;
    expect(claims(again, 1).map(([a]) => a)).toEqual([20, 30, 0, 10]);
  });

  it('splits between three threads without losing or repeating a chunk when they interleave', () => {
    const { job } = posted(7, 70, 3);
    const all: number[] = [];
    const steps = [0, 1, 2];
    // Each thread runs one chunk and then hands over to the next, round robin.
    const rec = (t: number) => (...a: number[]) => {
      all.push(a[1]);
      const next = steps[(steps.indexOf(t) + 1) % 3];
      if (all.length < 7 && next !== t) runChunks(job, rec(next), next);
    };
    runChunks(job, rec(0), 0);
    expect([...all].sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50, 60]);
  });

  it('reports the first failing status but still runs the remaining chunks', () => {
    const { job } = posted(3, 3);
    const ran: number[] = [];
    const status = runChunks(job, (...a) => (ran.push(a[1]), a[1] === 1 ? 2 : a[1] === 2 ? 3 : 0), 0);
    expect(status).toBe(2);
    expect(ran).toEqual([0, 1, 2]);
  });
});

describe('taking a worker slot back', () => {
  it('cancels a worker that has not joined: it can no longer start the job', () => {
    const { slots } = posted(2, 2, 2);
    expect(collect(slots[0], 0)).toBe(0);
    expect(Atomics.load(slots[0], STATE)).toBe(IDLE);
    // The worker's own compare-and-swap now fails, so it skips the job.
    expect(Atomics.compareExchange(slots[0], STATE, POSTED, RUNNING)).toBe(IDLE);
  });

  it('returns the status of a worker that ran, and frees its slot for the next job', () => {
    const { slots } = posted(2, 2, 2);
    expect(Atomics.compareExchange(slots[0], STATE, POSTED, RUNNING)).toBe(POSTED);
    slots[0][STATUS] = 3;
    Atomics.store(slots[0], STATE, DONE);
    expect(collect(slots[0], 0)).toBe(3);
    expect(Atomics.load(slots[0], STATE)).toBe(IDLE);
  });
});
