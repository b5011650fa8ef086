import * as fs from 'fs';
import * as path from 'path';
import { parseServerJson, ServerJson } from '../../src/registry/server-json';
import { ROOT } from './helpers';

/** A server.json of test/fixtures/server-json/, parsed; a fixture that fails the model fails the test. */
export function serverJsonFixture(name: string): ServerJson {
  const parsed = parseServerJson(fs.readFileSync(path.join(ROOT, 'test/fixtures/server-json', `${name}.json`), 'utf8'));
  if ('problems' in parsed) throw new Error(`${name}.json: ${JSON.stringify(parsed.problems)}`);
  return parsed.server;
}
