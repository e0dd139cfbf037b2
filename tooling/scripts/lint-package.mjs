// House rules for one package (run from the package folder by its `lint` script):
// - publishable packages: ESM, an `exports` map with types/import/default and ./package.json,
//   `sideEffects: false`, `files`, `publishConfig.access: public`, exact dependency versions;
// - source files are kebab-case and stay small (one concept a file).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

const MAX_LINES = 400;
const pkgDir = process.cwd();
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const problems = [];

if (!pkg.private) {
  const root = pkg.exports?.['.'];
  if (pkg.type !== 'module') problems.push('package.json: "type" must be "module"');
  if (!root || !root.types || !root.import || !root.default) problems.push('package.json: exports["."] needs types, import and default');
  if (pkg.exports?.['./package.json'] !== './package.json') problems.push('package.json: exports needs "./package.json"');
  if (pkg.sideEffects !== false) problems.push('package.json: "sideEffects" must be false (register backends explicitly)');
  if (!Array.isArray(pkg.files)) problems.push('package.json: "files" must list what ships');
  if (pkg.publishConfig?.access !== 'public') problems.push('package.json: publishConfig.access must be "public"');
}
for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
  for (const [name, range] of Object.entries(pkg[field] ?? {})) {
    if (field === 'peerDependencies' || range.startsWith('workspace:')) continue;
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range)) problems.push(`package.json: ${field}.${name} is "${range}"; pin an exact version`);
  }
}

function walk(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'node_modules' && entry !== 'dist' && entry !== 'build') walk(path);
      continue;
    }
    if (!/\.(ts|mts|js|mjs)$/.test(entry) || entry.endsWith('.d.ts')) continue;
    const stem = basename(entry).replace(/\.(test|bench|config)?\.?(ts|mts|js|mjs)$/, '').replace(/\.(test|bench|config)$/, '');
    if (!/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9-]+)*$/.test(stem)) problems.push(`${relative(pkgDir, path)}: file names are kebab-case`);
    const lines = readFileSync(path, 'utf8').split('\n').length;
    if (lines > MAX_LINES) problems.push(`${relative(pkgDir, path)}: ${lines} lines (split it; house limit ${MAX_LINES})`);
  }
}
for (const dir of ['src', 'test', 'assembly', 'bench']) {
  try {
    walk(join(pkgDir, dir));
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
}

if (problems.length) {
  console.error(`lint ${pkg.name}:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(`lint ${pkg.name}: ok`);
}
