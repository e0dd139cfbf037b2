// Builds the wasm kernels with AssemblyScript: a plain SIMD build, a relaxed-SIMD build and
// their shared-memory (threads) twins. Run by the package's `build` script.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');
// 65536 pages = 4 GiB; the glue asks for what it needs and grows on demand.
const threads = ['--enable', 'threads', '--sharedMemory', '--maximumMemory', '65536'];
const variants = {
  'dcnn-simd': [],
  'dcnn-relaxed': ['--enable', 'relaxed-simd'],
  'dcnn-simd-mt': threads,
  'dcnn-relaxed-mt': ['--enable', 'relaxed-simd', ...threads],
};
mkdirSync(join(root, 'dist'), { recursive: true });
for (const [name, extra] of Object.entries(variants)) {
  const args = [
    asc, 'assembly/index.ts', '--runtime', 'stub', '--noAssert', '-O3', '--enable', 'simd',
    '--importMemory', '--initialMemory', '1', '--use', 'abort=', ...extra, '-o', `dist/${name}.wasm`,
  ];
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`asc failed for ${name}`);
    process.exit(run.status ?? 1);
  }
}
