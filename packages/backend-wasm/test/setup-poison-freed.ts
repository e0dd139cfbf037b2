// Every test file of this package, in Node and in Chromium, runs with freed heap blocks poisoned
// (poison-freed.ts), so any kernel or glue that reads memory after freeing it fails the test
// that reaches it.
import { poisonFreedBlocks } from './poison-freed.js';

poisonFreedBlocks();
