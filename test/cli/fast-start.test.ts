import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, tempDir } from '../support/helpers';

/*
 * The commands start from their bundle with V8's code cache beside it (src/cli/fast-start.ts):
 * made on the first run, used as it is on the next, made again when V8 refuses it. A copy of
 * lib/ is used, so the checkout's cache is not touched.
 */

function copyOfLib(): string {
  const dir = tempDir();
  for (const file of ['lib/src/cli/fast-start.js', 'lib/bundle/check.js']) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  return dir;
}

/** `check --help` from the copied bundle; its exit code and output. */
function help(dir: string): { status: number | null; stdout: string } {
  const start = `require(${JSON.stringify(path.join(dir, 'lib/src/cli/fast-start.js'))}).runBundled('check', ['--help']).then((code) => (process.exitCode = code))`;
  const run = spawnSync(process.execPath, ['-e', start], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout };
}

test('the code cache is made on the first run, kept while V8 accepts it, and made again when V8 refuses it', () => {
  const dir = copyOfLib();
  const caches = () => fs.readdirSync(path.join(dir, 'lib/bundle')).filter((f) => f.endsWith('.cache'));
  expect(caches()).toEqual([]);

  const first = help(dir);
  expect(caches()).toHaveLength(1);
  const cache = path.join(dir, 'lib/bundle', caches()[0]);
  expect(first.status).toBe(0);
  expect(first.stdout).toContain('usage: cdk8s-mcp check');
  const made = fs.readFileSync(cache);
  expect(made.length).toBeGreaterThan(100_000);

  // Accepted: not written again.
  const mark = new Date('2020-01-01T00:00:00Z');
  fs.utimesSync(cache, mark, mark);
  expect(help(dir)).toEqual(first);
  expect(fs.statSync(cache).mtime).toEqual(mark);

  // Refused (not a cache V8 made): the command still runs, and a good cache replaces it.
  fs.writeFileSync(cache, Buffer.alloc(made.length, 7));
  expect(help(dir)).toEqual(first);
  expect(fs.readFileSync(cache).equals(Buffer.alloc(made.length, 7))).toBe(false);
  expect(fs.readFileSync(cache).length).toBeGreaterThan(100_000);
});

test('a bundle changed in place (a patch of the same length) runs as changed, not from the cache of the old one', () => {
  const dir = copyOfLib();
  expect(help(dir).stdout).toContain('usage: cdk8s-mcp check');
  const bundle = path.join(dir, 'lib/bundle/check.js');
  const text = fs.readFileSync(bundle, 'latin1');
  // V8 checks a cache against the source's length only: the same length must not reuse it.
  const patched = text.replace('usage: cdk8s-mcp check', 'usage: cdk8s-mcp CHECK');
  expect(patched.length).toBe(text.length);
  fs.writeFileSync(bundle, patched, 'latin1');
  fs.utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
  expect(help(dir).stdout).toContain('usage: cdk8s-mcp CHECK');
  // One cache is kept: the one of the bundle as it is now.
  expect(fs.readdirSync(path.join(dir, 'lib/bundle')).filter((f) => f.endsWith('.cache'))).toEqual([expect.stringMatching(/^check\.js\.\d+-\d+\.cache$/)]);
});
