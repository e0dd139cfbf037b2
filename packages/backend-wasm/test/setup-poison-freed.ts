// Every Node test file of this package runs with freed heap blocks poisoned (poison-freed.ts),
// so any kernel or glue that reads memory after freeing it fails the test that reaches it.
import { poisonFreedBlocks } from './poison-freed.js';

poisonFreedBlocks();
