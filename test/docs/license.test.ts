import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/helpers';

/* The license package.json names is in the repository and in the package. */

test('LICENSE holds the Apache License 2.0 that package.json names, and npm pack ships it', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.license).toBe('Apache-2.0');
  const text = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
  expect(text).toContain('Apache License\n                           Version 2.0, January 2004');
  expect(text).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
  expect(text).toContain('END OF TERMS AND CONDITIONS');
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  expect(JSON.parse(pack.stdout)[0].files.map((f: { path: string }) => f.path)).toContain('LICENSE');
}, 60_000);

test('the bundles the package ships come with the licenses of the packages bundled into them', () => {
  const notices = fs.readFileSync(path.join(ROOT, 'lib', 'bundle', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
  for (const [name, license] of [['cdk8s', 'Apache-2.0'], ['cdk8s-plus-30', 'Apache-2.0'], ['yaml', 'ISC'], ['zod', 'MIT'], ['js-yaml', 'MIT']]) {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
    expect(notices).toContain(`\n${name} ${version} (${license})\n`);
  }
  // A package without a license file is named with what its package.json says.
  expect(notices).toMatch(/\nschemes [0-9.]+ \(MIT\)\n\nThe package ships no license file; its package.json names the MIT license/);
  expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).files).toEqual(expect.arrayContaining(['lib/bundle/*.js', 'lib/bundle/THIRD-PARTY-NOTICES.txt']));
});
