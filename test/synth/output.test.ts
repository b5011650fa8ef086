import * as fs from 'fs';
import * as path from 'path';
import { RENDERED_HEADER, replaceDirectory } from '../../src/synth/output';
import { readTree, tempDir } from '../support/helpers';

const text = (body: string) => `${RENDERED_HEADER} from test\n${body}`;

test('replacing an output rewrites only the files whose text changed; the others keep their inode and mtime', () => {
  const out = path.join(tempDir(), 'dist');
  replaceDirectory(out, new Map([['dev/a.yaml', text('a: 1\n')], ['dev/b.yaml', text('b: 1\n')], ['dev/gone.yaml', text('x: 1\n')]]));
  const before = { a: fs.statSync(path.join(out, 'dev/a.yaml')), b: fs.statSync(path.join(out, 'dev/b.yaml')) };

  replaceDirectory(out, new Map([['dev/a.yaml', text('a: 1\n')], ['dev/b.yaml', text('b: 2\n')], ['prod/c.yaml', text('c: 1\n')]]));
  expect(readTree(out)).toEqual({ 'dev/a.yaml': text('a: 1\n'), 'dev/b.yaml': text('b: 2\n'), 'prod/c.yaml': text('c: 1\n') });
  const after = { a: fs.statSync(path.join(out, 'dev/a.yaml')), b: fs.statSync(path.join(out, 'dev/b.yaml')) };
  expect([after.a.ino, after.a.mtimeMs, after.a.nlink]).toEqual([before.a.ino, before.a.mtimeMs, 1]);
  expect(after.b.ino).not.toBe(before.b.ino);
  // Nothing of the swap is left beside the output.
  expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
});

test('an output that already holds exactly these files is left as it is: nothing written, linked or deleted', () => {
  const out = path.join(tempDir(), 'dist');
  const files = new Map([['dev/a.yaml', text('a: 1\n')], ['prod/b.yaml', text('b: 1\n')]]);
  replaceDirectory(out, files);
  const before = { dir: fs.statSync(out), a: fs.statSync(path.join(out, 'dev/a.yaml')) };
  replaceDirectory(out, new Map(files));
  const after = { dir: fs.statSync(out), a: fs.statSync(path.join(out, 'dev/a.yaml')) };
  expect([after.dir.ino, after.a.ino, after.a.ctimeMs]).toEqual([before.dir.ino, before.a.ino, before.a.ctimeMs]);
  // One file fewer is a change: the output is replaced.
  replaceDirectory(out, new Map([['dev/a.yaml', text('a: 1\n')]]));
  expect(readTree(out)).toEqual({ 'dev/a.yaml': text('a: 1\n') });
  expect(fs.statSync(out).ino).not.toBe(before.dir.ino);
});
