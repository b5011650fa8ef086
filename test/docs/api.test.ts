import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../support/helpers';

const ROOT = path.resolve(__dirname, '..', '..');

describe('docs/API.md (run `npm run docs` when this fails)', () => {
  test('is what typedoc generates from the TSDoc of the public entry point, with no warning', () => {
    const out = tempDir();
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out, '--logLevel', 'Warn'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'API.md'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'docs', 'API.md'), 'utf8'));
  }, 60_000);
});
