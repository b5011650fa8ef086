import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parseServerJson } from '../../src/registry/server-json';
import { installedPrograms } from '../pods/harness/programs';
import { installedOrReported, ROOT } from '../support/helpers';

/*
 * Our model of server.json against the registry's own JSON Schema (2025-12-11, from the
 * registry module scripts/install-test-programs fetches through the Go module proxy): the
 * same verdict on every fixture and on each way of breaking one, and our problems name the
 * JSON path of what is wrong.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/server-json');
const fixtureNames = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

type Breakage = [string, string, (s: any) => void, string];
/** Each breaks one rule of the upstream schema; the last field is the path our problem names. */
const BREAKAGES: Breakage[] = [
  ['no name', 'kubernetes-mcp-server.json', (s) => delete s.name, 'name'],
  ['a name without a namespace', 'kubernetes-mcp-server.json', (s) => (s.name = 'kubernetes-mcp-server'), 'name'],
  ['no description', 'mcp-server-time.json', (s) => delete s.description, 'description'],
  ['no version', 'mcp-server-time.json', (s) => delete s.version, 'version'],
  ['a package without a transport', 'mcp-server-time.json', (s) => delete s.packages[0].transport, 'packages[0].transport'],
  ['an unknown transport type', 'mcp-server-time.json', (s) => (s.packages[0].transport.type = 'websocket'), 'packages[0].transport.type'],
  ['an HTTP transport without a URL', 'kubernetes-mcp-server.json', (s) => delete s.packages[2].transport.url, 'packages[2].transport.url'],
  ['a transport URL without a scheme', 'kubernetes-mcp-server.json', (s) => (s.packages[2].transport.url = 'localhost:8080/mcp'), 'packages[2].transport.url'],
  ['a package version "latest"', 'server-everything.json', (s) => (s.packages[0].version = 'latest'), 'packages[0].version'],
  ['a positional argument with neither value nor valueHint', 'server-everything.json', (s) => (s.packages[0].packageArguments = [{ type: 'positional' }]), 'packages[0].packageArguments[0]'],
  ['a named argument without a name', 'oci-with-secret.json', (s) => delete s.packages[0].runtimeArguments[0].name, 'packages[0].runtimeArguments[0].name'],
  ['an environment variable without a name', 'airtable-mcp-server.json', (s) => delete s.packages[0].environmentVariables[0].name, 'packages[0].environmentVariables[0].name'],
  ['isSecret as a string', 'airtable-mcp-server.json', (s) => (s.packages[0].environmentVariables[0].isSecret = 'yes'), 'packages[0].environmentVariables[0].isSecret'],
  ['a fileSha256 that is not hex', 'airtable-mcp-server.json', (s) => (s.packages[2].fileSha256 = 'abc'), 'packages[2].fileSha256'],
  ['a stdio remote', 'remote-only.json', (s) => (s.remotes[0] = { type: 'stdio' }), 'remotes[0].type'],
  ['a description over 100 characters', 'mcp-server-time.json', (s) => (s.description = 'x'.repeat(101)), 'description'],
  ['an icon size that is not WxH', 'airtable-mcp-server.json', (s) => (s.icons = [{ src: 'https://example.com/i.png', sizes: ['big'] }]), 'icons[0].sizes[0]'],
  ['packages as an object', 'mcp-server-time.json', (s) => (s.packages = { pypi: s.packages[0] }), 'packages'],
];

test('every fixture is valid for our model', () => {
  for (const name of fixtureNames) {
    expect({ name, result: parseServerJson(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) }).toEqual({ name, result: { server: expect.any(Object) } });
  }
});

test.each(BREAKAGES)('%s: refused, naming the JSON path', (_title, name, breakIt, where) => {
  const broken = read(name);
  breakIt(broken);
  const result = parseServerJson(JSON.stringify(broken));
  expect('problems' in result ? result.problems.map((p) => p.path) : 'accepted').toContain(where);
});

test('text that is not JSON is refused with the parser\'s message', () => {
  expect(parseServerJson('{"name": ')).toEqual({ problems: [{ path: '', message: expect.stringMatching(/^expected JSON: /) }] });
});

const programs = installedPrograms();
if (installedOrReported(programs, 'the comparison with the registry\'s server.json schema')) {
  describe('the registry\'s JSON Schema 2025-12-11 agrees', () => {
    const schemaFile = path.join((programs as { registry: string }).registry, 'internal/validators/schemas/2025-12-11.json');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));

    test.each(fixtureNames)('%s is valid for it', (name) => {
      expect(validate(read(name)) ? 'valid' : validate.errors).toBe('valid');
    });

    test.each(BREAKAGES)('%s: it refuses it too', (_title, name, breakIt) => {
      const broken = read(name);
      breakIt(broken);
      expect(validate(broken)).toBe(false);
    });
  });
}
