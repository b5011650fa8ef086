import * as fs from 'fs';
import { rulesMarkdown } from '../policy/rules-doc';

/* `npm run docs`: writes docs/rules.md from the rules in code. A test keeps it in sync. */
fs.mkdirSync('docs', { recursive: true });
fs.writeFileSync('docs/rules.md', rulesMarkdown());
process.stdout.write('Wrote docs/rules.md\n');
