import * as fs from 'fs';
import { withImageFacts } from '../images/facts-doc';
import { rulesMarkdown } from '../policy/rules-doc';

/* `npm run docs`: writes docs/rules.md and the README's image facts from the code. Tests keep both in sync. */
fs.mkdirSync('docs', { recursive: true });
fs.writeFileSync('docs/rules.md', rulesMarkdown());
fs.writeFileSync('README.md', withImageFacts(fs.readFileSync('README.md', 'utf8')));
process.stdout.write('Wrote docs/rules.md and the README image facts\n');
