import * as fs from 'fs';
import { withImageFacts } from '../images/facts-doc';
import { rulesMarkdown } from '../policy/rules-doc';
import { runCheck } from './check';

/*
 * `npm run docs`: writes docs/rules.md, the README's image facts and its example output of
 * `check` from the code. Tests keep all three in sync.
 */

const CHECK_EXAMPLE = '$ npm run check -- --only mcp,rbac examples/third-party\n';

/** The README with the example `check` output replaced by what check prints now. */
function withCheckExample(readme: string): string {
  let output = '';
  runCheck(['--only', 'mcp,rbac', 'examples/third-party'], (s) => { output += s; }, () => undefined);
  const start = readme.indexOf(CHECK_EXAMPLE);
  const end = readme.indexOf('```', start);
  if (start < 0 || end < 0) throw new Error('README.md has no example check output');
  return `${readme.slice(0, start + CHECK_EXAMPLE.length)}${output}${readme.slice(end)}`;
}

fs.mkdirSync('docs', { recursive: true });
fs.writeFileSync('docs/rules.md', rulesMarkdown());
fs.writeFileSync('README.md', withCheckExample(withImageFacts(fs.readFileSync('README.md', 'utf8'))));
process.stdout.write('Wrote docs/rules.md, and the README image facts and check example\n');
