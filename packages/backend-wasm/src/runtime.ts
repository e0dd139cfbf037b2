/** Whether this runs in Node (worker_threads, fs) rather than a browser (Web Workers, fetch). */
export const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
