import * as fs from 'fs';
import * as path from 'path';
import { evaluate } from '../../src/policy/engine';
import { loadEnvironmentText } from '../../src/synth/load-environments';
import { renderEnvironments } from '../../src/synth/render';

/* The environment-file examples of the README's exposure and authentication sections load, render and pass the gate as production files. */

const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Isolation, resilience, exposure and metrics'), readme.indexOf('## Server types'));
const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the section has its examples', () => {
  expect(blocks.length).toBe(7);
});

test.each(blocks.map((b, i) => [i, b]))('example %i loads, renders and passes the gate in production', (_i, block) => {
  const text = /(^|\n)servers:\n/.test(block) ? `namespace: mcp\nproduction: true\n${block}` : `namespace: mcp\nproduction: true\nservers:\n${block}`;
  const { environment, problems } = loadEnvironmentText(text, 'environments/prod.yaml', 'prod');
  expect(problems).toEqual([]);
  const files = renderEnvironments([environment!]);
  const manifests = files.flatMap((f) => f.objects.map((object, index) => ({ object, index, file: f.path })));
  expect(evaluate(manifests).filter((f) => f.severity === 'error' && f.waived === undefined)).toEqual([]);
});
