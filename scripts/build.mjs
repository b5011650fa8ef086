// Compiles src/ to lib/ with esbuild: no type-checking here (npm test runs tsc --noEmit),
// so `npm run synth` starts in well under a second.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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

rmSync('lib', { recursive: true, force: true });
await build({
  entryPoints: roots.flatMap(tsFiles),
  outdir: 'lib',
  outbase: '.',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});
