import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import { ConfigError, formatProblem } from '../config/problems';
import { formatFinding } from '../policy/finding';
import { readInputFile } from '../policy/input-file';
import { Severity } from '../policy/rule';
import { ImportedServer, ImportError, importServer } from '../registry/import';
import { parseServerJson } from '../registry/server-json';
import { environmentsDir, synthesize } from '../synth/synthesize';

/*
 * `cdk8s-mcp add <server.json> --env <name>`: appends the server a server.json describes to
 * environments/<name>.yaml, keeping the file's comments and layout. It writes only when the
 * environments, with the new server, load, render and pass the policy gate; for npm and
 * pypi packages it also writes the Dockerfile of the image to build.
 */

export const ADD_USAGE = `usage: cdk8s-mcp add <server.json> --env <name> [--name <server>] [--package <index|oci|npm|pypi>] [--set NAME=value]... [--image <ref>]
  Adds the server an MCP registry server.json describes to environments/<name>.yaml (or $MCP_ENVIRONMENTS_DIR),
  keeping the file's comments. Writes nothing unless every environment then loads, renders and passes the gate.
  --package   which package to run (default: the first oci package serving HTTP, else the first npm or pypi one)
  --set       a value for an environment variable or argument without one (never for secret ones: those
              become secretEnv keys of the Secret <server>-env, which you create)
  --image     the image to build for an npm or pypi package (default localhost/mcp/<server>:<version>);
              its Dockerfile is written to images/<server>/Dockerfile beside the environments directory.
  Exit 0 when added, 1 when the server.json or the result is refused, 2 on bad usage.`;

export interface AddArgs {
  readonly file: string;
  readonly env: string;
  readonly name?: string;
  readonly package?: string;
  readonly set: Record<string, string>;
  readonly image?: string;
}

class UsageError extends Error {}

export function parseAddArgs(argv: string[]): AddArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        env: { type: 'string' }, name: { type: 'string' }, package: { type: 'string' }, image: { type: 'string' },
        set: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(`expected one server.json file, got ${positionals.length}`);
  if (!values.env) throw new UsageError('expected --env <name>: the environment file to add the server to');
  const set: Record<string, string> = {};
  for (const pair of values.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${JSON.stringify(pair)}: expected NAME=value`);
    set[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { file: positionals[0], env: values.env, name: values.name, package: values.package, set, image: values.image };
}

export function runAddCommand(argv: string[]): number {
  let args: AddArgs;
  try {
    const parsed = parseAddArgs(argv);
    if (parsed === 'help') {
      process.stdout.write(`${ADD_USAGE}\n`);
      return 0;
    }
    args = parsed;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n${ADD_USAGE}\n`);
    return 2;
  }
  try {
    const lines = add(args, environmentsDir());
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof AddRefused)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
}

/** Why nothing was written, for the user. */
export class AddRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddRefused';
  }
}

/** Adds the server; returns the report lines. Throws AddRefused, having written nothing. */
export function add(args: AddArgs, envDir: string): string[] {
  const imported = importFrom(args);
  const envFile = path.join(envDir, `${args.env}.yaml`);
  if (!fs.existsSync(envFile)) throw new AddRefused(`${envFile}: no such environment file (create it with at least "namespace: <ns>")`);
  const text = addToEnvironment(fs.readFileSync(envFile, 'utf8'), envFile, imported.server, `${imported.source}: added by cdk8s-mcp add from its server.json`);
  const dockerfile = imported.build ? dockerfileFor(args, imported, envDir) : undefined;
  const namespace = judge(envDir, `${args.env}.yaml`, text, envFile);
  writeAtomically(envFile, text);
  if (dockerfile) {
    fs.mkdirSync(path.dirname(dockerfile.file), { recursive: true });
    writeAtomically(dockerfile.file, dockerfile.text);
  }
  return report(args, imported, envFile, namespace, dockerfile?.file);
}

function importFrom(args: AddArgs): ImportedServer {
  const read = readInputFile(args.file, { maxBytes: 1024 * 1024 });
  if (!('text' in read)) throw new AddRefused(`${args.file}: expected a readable server.json, got ${read.found}`);
  const parsed = parseServerJson(read.text);
  if ('problems' in parsed) throw new AddRefused(problemsText(args.file, 'is not a valid server.json', parsed.problems));
  try {
    return importServer(parsed.server, { name: args.name, package: args.package, set: args.set, image: args.image });
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    throw new AddRefused(problemsText(args.file, 'cannot be added', err.problems));
  }
}

function problemsText(file: string, what: string, problems: ReadonlyArray<{ path: string; message: string }>): string {
  return `${file} ${what}:\n${problems.map((p) => `  ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}\nNothing was written.`;
}

/**
 * The environment text with the server appended to `servers:`. A block list gets the new
 * item as text after its last item, so every other byte (comments, spacing, flow maps) stays
 * as it was; otherwise the document is re-written through the yaml Document API, which keeps
 * comments but may respace them.
 */
export function addToEnvironment(text: string, file: string, server: Record<string, unknown>, comment?: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new AddRefused(`${file}: not valid YAML (${doc.errors[0].message}); nothing was written`);
  if (!isMap(doc.contents)) throw new AddRefused(`${file}: expected an environment mapping (namespace, servers, ...); nothing was written`);
  const servers = doc.get('servers', true);
  if (isSeq(servers) && servers.items.some((item) => isMap(item) && item.get('name') === server.name)) {
    throw new AddRefused(`${file} servers: a server named "${String(server.name)}" exists already (choose another with --name); nothing was written`);
  }
  if (servers !== undefined && servers !== null && !isSeq(servers)) throw new AddRefused(`${file} servers: expected a list of servers; nothing was written`);
  if (isSeq(servers) && !servers.flow && servers.items.length > 0 && servers.range) return appendItem(text, servers.range[1], server, comment);
  const node = doc.createNode(server);
  if (comment) node.commentBefore = ` ${comment}`;
  if (isSeq(servers)) servers.add(node);
  else doc.set('servers', doc.createNode([node]));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Inserts `- <server>` after the block list that ends at `end`, indented as its first item. */
function appendItem(text: string, end: number, server: Record<string, unknown>, comment: string | undefined): string {
  const lineEnd = text.indexOf('\n', end - 1);
  const at = lineEnd < 0 ? text.length : lineEnd + 1;
  const before = text.slice(0, at);
  const firstItem = /^( *)- /m.exec(text.slice(text.search(/^servers:/m)))?.[1] ?? '';
  const item = `${comment ? `# ${comment}\n` : ''}${stringify([server], { lineWidth: 0 })}`.replace(/^(?=.)/gm, firstItem);
  return `${before}${before.endsWith('\n') ? '' : '\n'}${item}${text.slice(at)}`;
}

/**
 * Loads, renders and judges every environment with the new text in place of the file, in a
 * copy of the directory; returns the server's namespace. Throws AddRefused with the problems.
 */
function judge(envDir: string, fileName: string, text: string, envFile: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mcp-add-'));
  try {
    for (const entry of fs.readdirSync(envDir).filter((e) => e.endsWith('.yaml'))) {
      fs.copyFileSync(path.join(envDir, entry), path.join(copy, entry));
    }
    fs.writeFileSync(path.join(copy, fileName), text);
    let result;
    try {
      result = synthesize(copy);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      throw new AddRefused(`${envFile} with the new server would be invalid:\n${err.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\nNothing was written.`);
    }
    const errors = result.findings.filter((f) => f.severity === Severity.ERROR && f.waived === undefined);
    if (result.failed) throw new AddRefused(`The policy gate refuses the environments with the new server:\n${errors.map((f) => `  ${formatFinding(f)}`).join('\n')}\nNothing was written.`);
    const parsed = parseDocument(text).toJS() as { namespace: string };
    return parsed.namespace;
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/** Where the Dockerfile goes (images/<server>/ beside the environments directory), refusing to replace a different one. */
function dockerfileFor(args: AddArgs, imported: ImportedServer, envDir: string): { file: string; text: string } {
  const name = String(imported.server.name);
  const file = path.join(path.dirname(path.resolve(envDir)), 'images', name, 'Dockerfile');
  const text = `${dockerfileHeader(args, imported)}${imported.build!.dockerfile}`;
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') !== text) {
    throw new AddRefused(`${path.relative(process.cwd(), file)} exists with other content; move it away or choose another --name. Nothing was written.`);
  }
  return { file, text };
}

function dockerfileHeader(args: AddArgs, imported: ImportedServer): string {
  return [
    `# The image of server "${String(imported.server.name)}", written by \`cdk8s-mcp add ${path.basename(args.file)}\`.`,
    '# The package is installed when the image is built, so the pod needs no registry access.',
    `# Build and push it as ${imported.build!.image} (the server's image):`,
    `#   docker build -t ${imported.build!.image} <this directory> && docker push ${imported.build!.image}`,
    '',
  ].join('\n');
}

function report(args: AddArgs, imported: ImportedServer, envFile: string, namespace: string, dockerfile: string | undefined): string[] {
  const name = String(imported.server.name);
  const lines = [`Added server "${name}" to ${envFile}.`, ...imported.decisions.map((d) => `  - ${d}`), 'Still to do:'];
  const secrets = new Map<string, string[]>();
  for (const s of imported.secrets) secrets.set(s.secret, [...(secrets.get(s.secret) ?? []), s.key]);
  for (const [secret, keys] of secrets) {
    // Values typed on stdin (KEY=value lines, then Ctrl-D) never land in shell history, in argv or on disk.
    lines.push(`  - create the Secret ${secret} in namespace ${namespace} with ${keys.join(', ')}: run`);
    lines.push(`      kubectl -n ${namespace} create secret generic ${secret} --from-env-file=/dev/stdin`);
    lines.push(`    and type ${keys.map((k) => `${k}=<value>`).join(', ')} (one per line), then Ctrl-D. It holds:`);
    lines.push(...keys.map((key) => `      ${key}: ${imported.secrets.find((s) => s.key === key)!.what}`));
  }
  if (dockerfile) lines.push(`  - build and push ${imported.build!.image} from ${path.relative(process.cwd(), dockerfile) || dockerfile}${args.image ? '' : ' (or run add again with --image <your registry>/<repo>:<tag>)'}`);
  lines.push('  - the NetworkPolicy lets the server reach nothing but DNS: add egressTo for the APIs it calls');
  lines.push(`  - npm run synth, and review the diff of dist/${args.env}/${name}.yaml`);
  return lines;
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

if (require.main === module) {
  process.exitCode = runAddCommand(process.argv.slice(2));
}
