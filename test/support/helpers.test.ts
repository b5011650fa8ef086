import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir, worldReadableTempDir } from './helpers';

/* Tests that run a program as nobody must pass wherever the checkout and TMPDIR are. */

test('worldReadableTempDir is readable by nobody even when TMPDIR is a directory only root may enter', () => {
  const privateTmp = tempDir();
  fs.chmodSync(privateTmp, 0o700);
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  let dir: string;
  try {
    dir = worldReadableTempDir();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  expect(dir.startsWith(privateTmp)).toBe(false);
  fs.writeFileSync(path.join(dir, 'probe'), 'ok', { mode: 0o644 });
  // As root, read it as nobody; another user can only read it as itself.
  const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const argv = [...asNobody, 'cat', path.join(dir, 'probe')];
  const run = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  expect(run.stdout).toBe('ok');
});
