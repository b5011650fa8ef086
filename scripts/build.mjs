// Compiles src/ to lib/ with esbuild: no type-checking here (npm test runs tsc --noEmit),
// so `npm run synth` starts fast. Skips the work when lib/ was built from the same inputs
// (a stamp of their paths, sizes and mtimes). `--types` also emits the declarations the
// package ships (lib/src/**/*.d.ts, tsconfig.types.json), which npm pack and the tests need.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const withTypes = process.argv.includes('--types');

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// test/pods/harness: the pod harness also runs as `npm run try-pod`.
const roots = ['src', 'imports', 'test/pods/harness'].filter((dir) => {
  try { return readdirSync(dir).length > 0; } catch { return false; }
});
const inputs = roots.flatMap(tsFiles).sort();

function stampOf(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex');
}

const STAMP = join('lib', '.build-stamp');
const TYPES_STAMP = join('lib', '.types-stamp');
const stamp = stampOf([...inputs, 'scripts/build.mjs', 'package-lock.json', 'tsconfig.types.json'].filter(existsSync));
const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

if (read(STAMP) !== stamp) {
  const { build } = await import('esbuild');
  // Build beside lib/ and swap it in, so a reader of lib/ (a running test) never sees it half-built.
  const staging = `lib.build-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const common = { outdir: staging, outbase: '.', format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' };
  await build({ ...common, entryPoints: inputs.filter((f) => !f.startsWith('imports')), sourcemap: 'inline' });
  // Generated CRD types: no source maps (they would triple megabytes of code nobody steps through).
  await build({ ...common, entryPoints: inputs.filter((f) => f.startsWith('imports')) });
  writeFileSync(join(staging, '.build-stamp'), stamp);
  const old = `lib.old-${process.pid}`;
  if (existsSync('lib')) renameSync('lib', old);
  renameSync(staging, 'lib');
  rmSync(old, { recursive: true, force: true });
}

if (withTypes && read(TYPES_STAMP) !== stamp) {
  execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
  writeFileSync(TYPES_STAMP, stamp);
}
