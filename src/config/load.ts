import * as fs from 'fs';
import * as path from 'path';
import { Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Node, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { excerpt } from '../policy/credentials';
import { readInputFile } from '../policy/input-file';
import { quickLoadAll } from '../policy/quick-yaml';
import { MAX_YAML_DEPTH, yamlDepth } from '../policy/yaml-depth';
import { CheckedEnvironment, CrossFieldChecks, IndexedServer } from './cross-field';
import { literalCredentials } from './literal-credentials';
import { ConfigError, ConfigProblem, formatPath } from './problems';
import { endpointSchema, EnvironmentSpec, environmentSchema, serverSchema, ServerSpec } from './schema';
import { knownKeys, suggest } from './suggest';

/** Environment names that would collide with folders the project renders itself. */
export const RESERVED_ENVIRONMENT_NAMES = ['argocd'];

const ENVIRONMENT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** One validated environment file. */
export interface Environment {
  /** The file name without `.yaml`: also the output folder and the environment label. */
  readonly name: string;
  /** The file, as shown in messages. */
  readonly file: string;
  readonly spec: EnvironmentSpec;
}

/**
 * Reads every `<env>.yaml` in a directory and validates it. Throws a ConfigError listing
 * every problem in every file, so one run shows the user all there is to fix.
 */
export function loadEnvironments(dir: string, checks: CrossFieldChecks): Environment[] {
  const shown = displayPath(dir);
  const files = listEnvironmentFiles(dir, shown);
  const realDir = fs.realpathSync(dir);
  const problems: ConfigProblem[] = [];
  const environments: Environment[] = [];
  for (const fileName of files) {
    const file = path.join(shown, fileName);
    const text = readEnvironmentFile(path.join(dir, fileName), file, realDir);
    if (typeof text !== 'string') {
      problems.push(text);
      continue;
    }
    const result = loadEnvironmentText(text, file, fileName.replace(/\.yaml$/, ''), checks);
    problems.push(...result.problems);
    if (result.environment) environments.push(result.environment);
  }
  problems.push(...gitopsAgreement(environments));
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}

/**
 * The most an environment file may hold. Environment files are small (the largest part is
 * configFiles, which must fit a 1 MiB ConfigMap per server); the cap keeps a file that is
 * not one (a symlink to a log, a generated dump) from being read whole.
 */
export const MAX_ENVIRONMENT_FILE_BYTES = 4 * 1024 * 1024;

/**
 * The text of an environment file, or the problem that keeps it from being read. Only
 * regular files are read, and symlinks only when they resolve inside the directory.
 */
function readEnvironmentFile(full: string, file: string, dir: string): string | ConfigProblem {
  const read = readInputFile(full, { maxBytes: MAX_ENVIRONMENT_FILE_BYTES, within: dir });
  if ('text' in read) return read.text;
  return { file, ...(read.line !== undefined ? { line: read.line } : {}), path: '', message: `expected a readable environment file, got ${read.found}` };
}

/**
 * The root Application reads dist/argocd/ from one repository and revision into one Argo CD,
 * so every environment with a gitops section must agree on those.
 */
function gitopsAgreement(environments: Environment[]): ConfigProblem[] {
  const withGitOps = environments.filter((e) => e.spec.gitops);
  const first = withGitOps[0];
  if (!first) return [];
  return withGitOps.slice(1).flatMap((env) => (['repoURL', 'targetRevision', 'namespace'] as const)
    .filter((field) => env.spec.gitops![field] !== first.spec.gitops![field])
    .map((field) => ({
      file: env.file,
      path: `gitops.${field}`,
      message: `expected the same ${field} as ${first.file} ("${first.spec.gitops![field]}"), since one root Application tracks dist/argocd/, got "${env.spec.gitops![field]}"`,
    })));
}

function listEnvironmentFiles(dir: string, shown: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ConfigError([{ file: shown, path: '', message: 'expected a directory of environment files (<env>.yaml), found no such directory' }]);
  }
  const entries = fs.readdirSync(dir).sort();
  const misnamed = entries.filter((e) => e.endsWith('.yml'));
  if (misnamed.length > 0) {
    throw new ConfigError(misnamed.map((e) => ({ file: path.join(shown, e), path: '', message: 'expected the extension ".yaml", got ".yml" (rename the file)' })));
  }
  const files = entries.filter((e) => e.endsWith('.yaml'));
  if (files.length === 0) {
    throw new ConfigError([{ file: shown, path: '', message: 'expected at least one environment file (<env>.yaml), found none' }]);
  }
  return files;
}

/** One file's environment, or the problems that keep it from being one. */
export interface LoadedText {
  readonly environment?: Environment;
  readonly problems: ConfigProblem[];
}

/** Validates the text of one environment file; exported for tests and tools. */
export function loadEnvironmentText(text: string, file: string, name: string, checks: CrossFieldChecks): LoadedText {
  const nameProblem = checkEnvironmentName(name, file);
  if (nameProblem) return { problems: [nameProblem] };

  // Most files are plain YAML and valid: read them fast, and re-read with line numbers only to report problems.
  const quick = quickEnvironment(text, file, name, checks);
  if (quick) return { environment: quick, problems: [] };

  // The yaml composer recurses per level: a document nested too deep is refused before it is composed.
  if (yamlDepth(text) > MAX_YAML_DEPTH) {
    return { problems: [{ file, path: '', message: `expected YAML nested at most ${MAX_YAML_DEPTH} levels deep, got deeper nesting` }] };
  }
  const lineCounter = new LineCounter();
  // merge: YAML merge keys (`<<: *base`) work, as in YAML 1.1 and kubectl.
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true });
  const syntax = syntaxProblems(docs, file, lineCounter, text);
  if (syntax.length > 0) return { problems: syntax };
  const doc = (docs as Document[])[0];
  const unsafe = prototypeKeys(doc, file, lineCounter);
  if (unsafe.length > 0) return { problems: unsafe };
  let data: unknown;
  try {
    data = doc?.toJS({ maxAliasCount: 100 }) ?? undefined;
  } catch (err) {
    // The yaml library refuses documents whose aliases expand past the limit (an alias bomb).
    return { problems: [{ file, line: 1, path: '', message: `YAML refused: ${(err as Error).message}` }] };
  }
  if (data === undefined || data === null) {
    return { problems: [{ file, line: 1, path: '', message: 'expected an environment mapping (namespace, servers, ...), got an empty file' }] };
  }

  const lineOf = (p: ReadonlyArray<PropertyKey>) => lineOfPath(doc, lineCounter, p);
  const parsed = environmentSchema.safeParse(data, { reportInput: true });
  const schemaProblems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueProblems(issue, data, file, lineOf));
  const checked = parsed.success ? indexed(parsed.data.servers) : serversPassingSchema(data);
  const crossField = [...checks(rawEnvironment(data), checked), ...literalCredentials(data)]
    .map((p) => ({ file, line: lineOf(p.path), path: formatPath(p.path), message: p.message }));
  const problems = [...schemaProblems, ...crossField].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (!parsed.success || problems.length > 0) return { problems };
  return { environment: { name, file, spec: parsed.data }, problems: [] };
}

/** The environment of a plain, valid file, read without line numbers (quick-yaml.ts); undefined otherwise. */
function quickEnvironment(text: string, file: string, name: string, checks: CrossFieldChecks): Environment | undefined {
  const docs = quickLoadAll(text);
  if (!docs || docs.length !== 1 || docs[0] === null || typeof docs[0] !== 'object') return undefined;
  const parsed = environmentSchema.safeParse(docs[0]);
  if (!parsed.success) return undefined;
  if (checks(rawEnvironment(docs[0]), indexed(parsed.data.servers)).length > 0) return undefined;
  if (literalCredentials(docs[0]).length > 0) return undefined;
  return { name, file, spec: parsed.data };
}

function indexed(servers: ServerSpec[]): IndexedServer[] {
  return servers.map((spec, index) => ({ index, spec }));
}

function rawEnvironment(data: unknown): CheckedEnvironment {
  const { namespace, production, auth, endpoints, servers, telemetry } = data as Record<'namespace' | 'production' | 'auth' | 'endpoints' | 'servers' | 'telemetry', unknown>;
  const parsedAuth = environmentSchema.shape.auth.safeParse(auth);
  const parsedTelemetry = environmentSchema.shape.telemetry.safeParse(telemetry);
  // Endpoints that fail the schema are reported by it; the checks judge the others.
  const parsedEndpoints = Array.isArray(endpoints) ? endpoints.map((e) => {
    const one = endpointSchema.safeParse(e);
    return one.success ? one.data : undefined;
  }) : [];
  const serverNames = Array.isArray(servers) ? servers.flatMap((s) => (typeof s?.name === 'string' ? [s.name] : [])) : [];
  return {
    namespace: typeof namespace === 'string' ? namespace : undefined, production: production === true,
    auth: parsedAuth.success ? parsedAuth.data : undefined, endpoints: parsedEndpoints, serverNames,
    telemetry: parsedTelemetry.success ? parsedTelemetry.data : undefined,
  };
}

function serversPassingSchema(data: unknown): IndexedServer[] {
  const servers = (data as { servers?: unknown }).servers;
  if (!Array.isArray(servers)) return [];
  return servers.flatMap((raw, index) => {
    const result = serverSchema.safeParse(raw);
    return result.success ? [{ index, spec: result.data }] : [];
  });
}

function checkEnvironmentName(name: string, file: string): ConfigProblem | undefined {
  if (!ENVIRONMENT_NAME.test(name) || name.length > 40) {
    return { file, path: '', message: `expected the file name to be an environment name (lower-case letters, digits and "-", at most 40 characters) followed by ".yaml", got "${name}"` };
  }
  if (RESERVED_ENVIRONMENT_NAMES.includes(name)) {
    return { file, path: '', message: `expected an environment name other than "${name}", which is reserved for the Argo CD objects in dist/${name}/` };
  }
  return undefined;
}

function syntaxProblems(docs: ReturnType<typeof parseAllDocuments>, file: string, lineCounter: LineCounter, text: string): ConfigProblem[] {
  const list = Array.isArray(docs) ? docs : [docs];
  const lines = new Set<number>();
  const problems: ConfigProblem[] = list.flatMap((doc) => doc.errors).flatMap((e) => {
    const line = e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line;
    // One error per line: a tab in indentation makes the parser report the same line thrice.
    if (lines.has(line)) return [];
    lines.add(line);
    const message = e.code === 'DUPLICATE_KEY'
      ? `YAML syntax error: key ${excerpt(duplicateKeyAt(text, e.pos[0]))} appears twice in one mapping (map keys must be unique)`
      : `YAML syntax error: ${e.message.split('\n')[0]}`;
    return [{ file, line, path: '', message }];
  });
  if (problems.length === 0 && list.length > 1) {
    const second = list[1].range?.[0] ?? 0;
    problems.push({ file, line: lineCounter.linePos(second).line, path: '', message: 'expected one YAML document, got several (one environment per file)' });
  }
  return problems;
}

/** The key whose duplicate the parser found at an offset (it points at the key's first character). */
function duplicateKeyAt(text: string, offset: number): string {
  const match = text.slice(offset).match(/^(["'][^"'\n]*["']|[^:\n]+?)\s*:/);
  return (match?.[1] ?? text.slice(offset, offset + 20)).replace(/^["']|["']$/g, '');
}

/** Keys that would set an object's prototype instead of a field: refused, never dropped. */
function prototypeKeys(doc: Document | undefined, file: string, lineCounter: LineCounter): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  visit(doc?.contents, (key) => {
    if (isScalar(key) && ['__proto__', 'constructor', 'prototype'].includes(String(key.value))) {
      problems.push({ file, line: rangeLine(key, lineCounter), path: '', message: `expected a key that is not "${key.value}" (a JavaScript prototype name), got "${key.value}"` });
    }
  });
  return problems;
}

function visit(node: unknown, onKey: (key: unknown) => void): void {
  if (isMap(node)) node.items.forEach((pair) => { onKey(pair.key); visit(pair.value, onKey); });
  else if (isSeq(node)) node.items.forEach((item) => visit(item, onKey));
}

type LineOf = (p: ReadonlyArray<PropertyKey>) => number | undefined;

function issueProblems(issue: z.core.$ZodIssue, data: unknown, file: string, lineOf: LineOf): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = knownKeys(environmentSchema, issue.path, data);
    return issue.keys.map((key) => {
      const where = [...issue.path, key];
      const hint = suggest(key, allowed);
      return {
        file,
        line: lineOf(where),
        path: formatPath(where),
        message: `unknown key ${excerpt(key)}${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of: ${allowed.join(', ')}`,
      };
    });
  }
  if (issue.code === 'invalid_key') {
    return [{ file, line: lineOf(issue.path), path: formatPath(issue.path), message: issue.issues[0]?.message ?? issue.message }];
  }
  return [{ file, line: lineOf(issue.path), path: formatPath(issue.path), message: `${issue.message}, got ${describeValue(valueAt(data, issue.path))}` }];
}

function valueAt(data: unknown, p: ReadonlyArray<PropertyKey>): unknown {
  return p.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), data);
}

/** How a found value is quoted in messages: strings in quotes, structures by their kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return excerpt(value);
  return excerpt(String(value)).slice(1, -1);
}

/** The line of the deepest node on a path that exists (the key line for missing children). */
function lineOfPath(doc: Document, lineCounter: LineCounter, p: ReadonlyArray<PropertyKey>): number | undefined {
  let node: unknown = doc.contents;
  let line = rangeLine(node, lineCounter);
  for (const key of p) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) break;
      line = rangeLine(pair.key, lineCounter) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      line = rangeLine(node, lineCounter) ?? line;
    } else {
      break;
    }
  }
  return line;
}

function rangeLine(node: unknown, lineCounter: LineCounter): number | undefined {
  return isNode(node) && (node as Node).range ? lineCounter.linePos((node as Node).range![0]).line : undefined;
}

function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), path.resolve(dir));
  return relative && !relative.startsWith('..') ? relative : dir;
}
