import { spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT } from '../support/helpers';

/*
 * config/ is the contract: loading and validating environment files loads neither cdk8s nor
 * the catalog nor the policy rules (their semantic checks are handed to the loader). Checked
 * on the built modules (lib/, built by the tests' global setup), in a fresh process.
 */

test('config/load loads no cdk8s, constructs package, catalog, chart or policy rule', () => {
  const script = `require(${JSON.stringify(path.join(ROOT, 'lib/src/config/load.js'))});
    process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const loaded: string[] = JSON.parse(run.stdout).map((f: string) => path.relative(ROOT, f));
  const forbidden = loaded.filter((f) => /node_modules\/(cdk8s|cdk8s-plus-30|constructs)\//.test(f) || /^lib\/src\/(servers|charts|synth)\//.test(f) || /^lib\/src\/policy\/(rules|engine)/.test(f));
  expect(forbidden).toEqual([]);
  // What it does load of ours: the contract and a few leaf modules.
  expect(loaded.filter((f) => f.startsWith('lib/src/config/'))).toContain('lib/src/config/schema.js');
});
