import * as fs from 'fs';
import { createRequire, wrap } from 'module';
import * as path from 'path';
import * as vm from 'vm';

/*
 * Starts a command from its bundle (lib/bundle/<command>.js, built by scripts/build.js) with
 * V8's code cache beside it, made after the first run so it holds every function that run
 * compiled. Node 22 does this itself (module.enableCompileCache); Node 20, our runtime, does
 * not. Most of a cold start is compiling cdk8s, zod and yaml: with the cache, little is left.
 */

/** The function each bundled command runs with its arguments; it returns (or resolves to) the exit code. */
const ENTRIES: Record<string, string> = { synth: 'runSynthCommand', check: 'runCheckCommand' };

/** Runs a bundled command and resolves to its exit code. */
export async function runBundled(command: string, args: string[]): Promise<number> {
  const entry = ENTRIES[command];
  if (!entry) throw new Error(`no bundled command "${command}" (known: ${Object.keys(ENTRIES).join(', ')})`);
  const bundle = loadBundle(command);
  const code = await (bundle.exports[entry] as (args: string[]) => number | Promise<number>)(args);
  // After the run, so the cache holds every function the run compiled.
  bundle.writeCache();
  return code;
}

/** A loaded bundle: its exports, and a way to store its code cache. */
interface LoadedBundle {
  readonly exports: Record<string, unknown>;
  /** Writes the code cache if there was none or V8 refused it. */
  writeCache(): void;
}

/**
 * Loads lib/bundle/<command>.js with its code cache; worker threads use the `exports` and
 * leave writing the cache to the main thread.
 */
export function loadBundle(command: string): LoadedBundle {
  const file = path.join(__dirname, '..', '..', 'bundle', `${command}.js`);
  // V8 checks a cache against the length of the source only, and runs the cached code of
  // another source of the same length: so each cache is named by its bundle's size and mtime
  // (a patch-package edit, say, gets a cache of its own).
  const { size, mtimeMs } = fs.statSync(file);
  const cacheFile = `${file}.${size}-${Math.trunc(mtimeMs)}.cache`;
  // esbuild writes the bundle in ASCII (charset 'ascii': strings and names escaped; only
  // comments keep other bytes), so decoding it as latin1 gives the same program, and for 6 MB
  // that is about 20 ms faster than UTF-8. The cache (3.5 MB) is let go once V8 has read it.
  const script = new vm.Script(wrap(fs.readFileSync(file, 'latin1')), { filename: file, cachedData: readIfPresent(cacheFile) });
  // V8 says whether it accepted a cache only when it was given one.
  const hadCache = script.cachedDataRejected !== undefined;
  const exports: Record<string, unknown> = {};
  const module = { exports, filename: file, id: file };
  script.runInThisContext()(exports, createRequire(file), module, file, path.dirname(file));
  const writeCache = () => {
    if (hadCache && !script.cachedDataRejected) return;
    if (writeIfPossible(cacheFile, script.createCachedData())) removeOtherCaches(file, cacheFile);
  };
  return { exports: module.exports, writeCache };
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Removes the caches of earlier versions of a bundle, where it may. */
function removeOtherCaches(bundle: string, kept: string): void {
  const dir = path.dirname(bundle);
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(`${path.basename(bundle)}.`) || !name.endsWith('.cache') || name === path.basename(kept)) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
    } catch {
      // left for a run that may
    }
  }
}

/** A read-only install just runs without a cache. */
function writeIfPossible(file: string, data: Buffer): boolean {
  try {
    fs.writeFileSync(file, data);
    return true;
  } catch {
    return false; // no cache this time
  }
}
