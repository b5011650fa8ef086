import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { Environment } from '../../src/config/load';
import { EnvironmentInput } from '../../src/config/schema';
import { apiObjectJson } from '../../src/synth/api-object-json';
import { loadEnvironmentText } from '../../src/synth/load-environments';
import { Manifest, renderEnvironments } from '../../src/synth/render';

/** A chart for construct tests whose app writes into a temporary directory that is removed afterwards. */
export function testChart(): Chart {
  return new Chart(Testing.app({ outdir: tempDir() }), 'test');
}

export const ROOT = path.resolve(__dirname, '..', '..');

/** Validates an environment given as an object, as if read from `environments/<name>.yaml`. */
export function environment(input: EnvironmentInput, name = 'test'): Environment {
  const result = loadEnvironmentText(stringify(input), `environments/${name}.yaml`, name);
  if (!result.environment) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.environment;
}

/**
 * Every object rendered for an environment, in file order. Each object's JSON is also made by
 * cdk8s's own toJson() and must be the same, byte for byte: every environment a test renders
 * checks the fast path of src/synth/api-object-json.ts.
 */
export function render(input: EnvironmentInput): Manifest[] {
  return renderEnvironments([environment(input)], { toJson: checkedJson }).flatMap((f) => f.objects);
}

/** apiObjectJson(o), after checking it is what o.toJson() gives. */
export function checkedJson(o: ApiObject): Manifest {
  const json = apiObjectJson(o);
  const reference = o.toJson();
  if (JSON.stringify(json) !== JSON.stringify(reference)) {
    throw new Error(`apiObjectJson differs from toJson() for ${o.node.path}:\n${JSON.stringify(json)}\n${JSON.stringify(reference)}`);
  }
  return json;
}

/** The one object of a kind (and name, if given). */
export function find(objects: Manifest[], kind: string, name?: string): Manifest {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  return found[0];
}

const created: string[] = [];

/** Removes every directory `tempDir` made; test/support/cleanup.ts runs it after each test file, pass or fail. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A temporary directory with the given files, removed after the test file (see removeTempDirs). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mcp-test-'));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/**
 * A temporary directory that every user can enter and read (mode 0755 on it and on every
 * directory above it), for tests that run a program as another user (nobody). The checkout
 * and TMPDIR may sit below a directory only root may enter (/root), so it is made in the first
 * of TMPDIR, /tmp, /var/tmp and /dev/shm that others can reach. Removed like tempDir's.
 */
export function worldReadableTempDir(): string {
  const base = [os.tmpdir(), '/tmp', '/var/tmp', '/dev/shm'].find(reachableByOthers);
  if (!base) throw new Error('no temporary directory that other users can enter (tried TMPDIR, /tmp, /var/tmp, /dev/shm)');
  const dir = fs.mkdtempSync(path.join(base, 'cdk8s-mcp-test-'));
  created.push(dir);
  fs.chmodSync(dir, 0o755);
  return dir;
}

function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  try {
    if (!fs.statSync(current).isDirectory()) return false;
    for (;;) {
      if ((fs.statSync(current).mode & 0o001) === 0) return false;
      const parent = path.dirname(current);
      if (parent === current) return true;
      current = parent;
    }
  } catch {
    return false;
  }
}

/** Every file below a directory with its content, for byte-for-byte comparisons. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A minimal valid generic server, to be overridden field by field. */
export function genericServer(overrides: Record<string, unknown> = {}): any {
  return { name: 'demo', type: 'generic', image: 'ghcr.io/example/demo-mcp:1.2.3', ...overrides };
}

/** Every `.yaml` file below a directory. */
export function yamlFilesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFilesBelow(p) : e.name.endsWith('.yaml') ? [p] : [];
  });
}

/**
 * Registers what a suite that needs installed programs does when they are missing: under
 * CI=true a failing test (nothing may skip there), elsewhere a todo naming what to run.
 * @returns whether the programs are there, so the suite's tests can be declared
 */
export function installedOrReported<T extends object>(found: T | { missing: string }, what: string): found is T {
  if (!('missing' in found)) return true;
  if (process.env.CI === 'true') {
    test(`${what} can run (CI=true: a missing program fails the run)`, () => {
      throw new Error(found.missing);
    });
  } else {
    test.todo(`${what} did not run: ${found.missing}`);
  }
  return false;
}
