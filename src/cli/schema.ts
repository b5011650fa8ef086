import * as fs from 'fs';
import { environmentJsonSchemaText } from '../config/json-schema';
import { withReference } from '../config/reference';

/*
 * `npm run schema`: writes schema/environment.schema.json and the README reference from the
 * schema in code. Tests fail when either is out of date.
 */
fs.mkdirSync('schema', { recursive: true });
fs.writeFileSync('schema/environment.schema.json', environmentJsonSchemaText());
fs.writeFileSync('README.md', withReference(fs.readFileSync('README.md', 'utf8')));
process.stdout.write('Wrote schema/environment.schema.json and the README environment reference.\n');
