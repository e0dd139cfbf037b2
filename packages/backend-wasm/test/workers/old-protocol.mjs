// A worker script that answers as an older build did, with the bare string 'ready' (spawn.test.ts).
import { parentPort } from 'node:worker_threads';
parentPort.once('message', () => parentPort.postMessage('ready'));
