import * as fs from 'fs';
import * as path from 'path';
import { withImageFacts } from '../../src/images/facts-doc';
import { ALL_RULES } from '../../src/policy/engine';
import { rulesMarkdown } from '../../src/policy/rules-doc';
import { ROOT } from '../support/helpers';

describe('docs/rules.md (run `npm run docs` when this fails)', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');

  test('is generated from the rules in code', () => {
    expect(doc).toBe(rulesMarkdown());
  });

  test('lists every rule with its severity, why and fix, and documents the waiver format', () => {
    for (const rule of ALL_RULES) expect(doc).toContain(`### ${rule.id} (${rule.severity})`);
    expect(doc).toContain('cdk8s-mcp/waivers');
  });
});

describe('the README image facts (run `npm run docs` when this fails)', () => {
  test('are generated from src/images/', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(withImageFacts(readme)).toBe(readme);
    expect(readme).toContain('https://github.com/containers/kubernetes-mcp-server/blob/v0.0.56/pkg/kubernetes-mcp-server/cmd/root.go');
  });
});
