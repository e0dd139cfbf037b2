import { describe, expect, it } from 'vitest';
import { collect } from '../src/threads/pool.js';
import {
  CHUNKS, DONE, IDLE, NEXT, POSTED, RANGE_AT, RUNNING, SCRATCH_AT, SCRATCH_BASE, SCRATCH_STRIDE, STATE, STATUS, TOTAL,
  chunkBound, controlBytes, jobView, runChunks, slotView,
} from '../src/threads/protocol.js';

/** A control block with one job posted: `chunks` chunks over `total` units, range at args[1..2]. */
function posted(chunks: number, total: number, workers = 1) {
  const control = new SharedArrayBuffer(controlBytes(workers));
  const job = jobView(control);
  job.ints[CHUNKS] = chunks;
  job.ints[TOTAL] = total;
  job.ints[RANGE_AT] = 1;
  job.ints[SCRATCH_AT] = 3;
  job.floats[SCRATCH_BASE] = 4096;
  job.floats[SCRATCH_STRIDE] = 640;
  job.args.set([7, 0, 0, 0]);
  Atomics.store(job.ints, NEXT, 0);
  const slots = Array.from({ length: workers }, (_, i) => slotView(control, i));
  for (const s of slots) Atomics.store(s, STATE, POSTED);
  return { job, slots };
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
    const status = runChunks(job, (...a) => void seen.push(a), 2);
    expect(status).toBe(0);
    expect(seen.map((a) => [a[1], a[2]])).toEqual([[0, 3], [3, 5], [5, 8], [8, 10], [10, 13]]);
    expect(new Set(seen.map((a) => a[3]))).toEqual(new Set([4096 + 2 * 640]));
    expect(seen.every((a) => a[0] === 7)).toBe(true);
    // A thread that arrives after the last claim finds nothing to do.
    const late: number[][] = [];
    expect(runChunks(job, (...a) => void late.push(a), 1)).toBe(0);
    expect(late).toEqual([]);
  });

  it('shares the chunks between threads that claim in turn', () => {
    const { job } = posted(4, 40);
    const by: Record<number, number[]> = { 0: [], 1: [] };
    // Thread 1 claims one chunk from inside thread 0's first chunk (as if it had just woken up).
    let nested = false;
    runChunks(job, (...a) => {
      by[0].push(a[1]);
      if (!nested) {
        nested = true;
        const one = jobView(job.ints.buffer as SharedArrayBuffer);
        const next = Atomics.add(one.ints, NEXT, 1);
        by[1].push(chunkBound(next, 40, 4));
      }
    }, 0);
    expect([...by[0], ...by[1]].sort((a, b) => a - b)).toEqual([0, 10, 20, 30]);
    expect(by[1]).toEqual([10]);
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
    const { slots } = posted(2, 2);
    expect(collect(slots[0], 0)).toBe(0);
    expect(Atomics.load(slots[0], STATE)).toBe(IDLE);
    // The worker's own compare-and-swap now fails, so it skips the job.
    expect(Atomics.compareExchange(slots[0], STATE, POSTED, RUNNING)).toBe(IDLE);
  });

  it('returns the status of a worker that ran, and frees its slot for the next job', () => {
    const { slots } = posted(2, 2);
    expect(Atomics.compareExchange(slots[0], STATE, POSTED, RUNNING)).toBe(POSTED);
    slots[0][STATUS] = 3;
    Atomics.store(slots[0], STATE, DONE);
    expect(collect(slots[0], 0)).toBe(3);
    expect(Atomics.load(slots[0], STATE)).toBe(IDLE);
  });
});
