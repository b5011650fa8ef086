import { KUBERNETES_MCP_SERVER, factsForImage } from '../images';
import { InputProblem, Inputs } from './inputs';
import { NPM_NAME, PACKAGE_VERSION, PinnedPackage, PYPI_NAME, RUNNER_IMAGES, RunnerImage } from './runner-image';
import { Input, KeyValueInput, PackageArgument, ServerJson, ServerPackage } from './server-json';

/*
 * Turns a server.json (the MCP registry's description of a server) into one entry of an
 * environment file's `servers:`, and says what it decided and what the user must still do.
 * The entry is validated like any hand-written one before `add` writes it.
 */

/** What `add` is told besides the server.json. */
export interface ImportOptions {
  /** The server name. @default the part of the server.json name after "/", as a DNS label */
  readonly name?: string;
  /**
   * A package index (as in `packages[1]`) or registry type.
   * @default the first oci package with an HTTP transport, else the first npm or pypi package
   */
  readonly package?: string;
  /** Values for inputs, by environment variable name or argument name. @default none */
  readonly set?: Readonly<Record<string, string>>;
  /** The image to build for an npm or pypi package. @default localhost/mcp/<name>:<version> */
  readonly image?: string;
}

/** A Secret key the user must create before the server starts. */
export interface SecretToCreate {
  readonly secret: string;
  readonly key: string;
  /** The input it holds, for the message. */
  readonly what: string;
}

/** The result: the entry, and what to tell the user. */
export interface ImportedServer {
  /** The server.json's name and version, e.g. `io.github.containers/kubernetes-mcp-server 0.0.66`. */
  readonly source: string;
  /** An entry of `servers:`, as written in the environment file. */
  readonly server: Record<string, unknown>;
  /** Which package was used and how each part of it was mapped (or dropped, and why). */
  readonly decisions: readonly string[];
  readonly secrets: readonly SecretToCreate[];
  /** For npm and pypi packages: the image to build from `dockerfile`. */
  readonly build?: BuildRecipe;
}

/** The image an npm or pypi package runs in: what to build, and from what. */
export interface BuildRecipe {
  readonly image: string;
  readonly registryType: 'npm' | 'pypi';
  readonly package: PinnedPackage;
  /** The Dockerfile's instructions. */
  readonly dockerfile: string;
}

/** A server.json that cannot become a server here; each problem names its JSON path. */
export class ImportError extends Error {
  constructor(public readonly problems: readonly InputProblem[]) {
    super(problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n'));
    this.name = 'ImportError';
  }
}

/** Maps a validated server.json to a server entry; throws ImportError with every problem found. */
export function importServer(json: ServerJson, options: ImportOptions = {}): ImportedServer {
  const index = choosePackage(json, options.package);
  const pkg = json.packages![index];
  const name = options.name ?? serverNameOf(json.name);
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 40) {
    throw new ImportError([{ path: options.name ? '' : 'name', message: `expected a server name: a DNS-1035 label of at most 40 characters, got ${JSON.stringify(name)}${options.name ? '' : ' (give one with --name)'}` }]);
  }
  const inputs = new Inputs(options.set ?? {});
  const at = `packages[${index}]`;
  const context: PackageContext = { json, pkg, at, name, inputs, decisions: [`package: ${at} (${pkg.registryType} ${pkg.identifier}${pkg.version ? ` ${pkg.version}` : ''}, transport ${pkg.transport.type})`], secrets: [] };
  let result: Omit<ImportedServer, 'decisions' | 'secrets' | 'source'>;
  if (pkg.registryType === 'oci') result = ociServer(context);
  else if (pkg.registryType === 'npm' || pkg.registryType === 'pypi') result = packageServer(context, RUNNER_IMAGES[pkg.registryType], options.image);
  else throw new ImportError([{ path: `${at}.registryType`, message: `expected a registry type this project runs: "oci", "npm" or "pypi", got ${JSON.stringify(pkg.registryType)}` }]);
  const unused = inputs.unused();
  if (unused.length > 0) inputs.problems.push({ path: '', message: `--set ${unused.join(', ')}: no input of ${at} has that name` });
  if (inputs.problems.length > 0) throw new ImportError(inputs.problems);
  return { ...result, source: `${json.name} ${json.version}`, decisions: context.decisions, secrets: context.secrets };
}

interface PackageContext {
  readonly json: ServerJson;
  readonly pkg: ServerPackage;
  readonly at: string;
  readonly name: string;
  readonly inputs: Inputs;
  readonly decisions: string[];
  readonly secrets: SecretToCreate[];
}

/** The package `--package` names, or the first one this project can run best. */
function choosePackage(json: ServerJson, wanted: string | undefined): number {
  const packages = json.packages ?? [];
  if (packages.length === 0) {
    const remote = json.remotes?.[0];
    throw new ImportError([{
      path: 'packages',
      message: remote
        ? `expected a package to run: this server.json offers only remotes (hosted at ${remote.url}), so there is nothing to deploy. Connect clients to that URL directly (this project renders no gateway target for servers outside the cluster)`
        : 'expected at least one package (or remotes): the server.json describes nothing to run',
    }]);
  }
  if (wanted !== undefined) {
    const index = /^\d+$/.test(wanted) ? Number(wanted) : packages.findIndex((p) => p.registryType === wanted);
    if (index < 0 || index >= packages.length) {
      throw new ImportError([{ path: 'packages', message: `--package ${wanted}: expected an index 0-${packages.length - 1} or a registry type of the packages (${packages.map((p, i) => `${i}: ${p.registryType}`).join(', ')})` }]);
    }
    return index;
  }
  const first = (test: (p: ServerPackage) => boolean) => packages.findIndex(test);
  const candidates = [
    first((p) => p.registryType === 'oci' && p.transport.type !== 'stdio'),
    first((p) => p.registryType === 'npm' || p.registryType === 'pypi'),
  ];
  return candidates.find((i) => i >= 0) ?? 0;
}

/** `io.github.containers/kubernetes-mcp-server` -> `kubernetes-mcp-server`. */
export function serverNameOf(registryName: string): string {
  return registryName.split('/').pop()!.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 40).replace(/-+$/, '');
}

/** An OCI image: a catalog type when we know its family, else a generic server. */
function ociServer(c: PackageContext): Omit<ImportedServer, 'decisions' | 'secrets' | 'source'> {
  const { pkg, at } = c;
  if (pkg.transport.type === 'stdio') {
    throw new ImportError([{
      path: `${at}.transport`,
      message: 'expected an HTTP transport: this image speaks stdio only, and a pod needs a bridge inside the image to serve it over HTTP. Build an image that adds one (mcp-proxy or supergateway) and describe it as a generic server with transport stdio-bridge, or choose an npm or pypi package of the server with --package',
    }]);
  }
  const image = ociImage(pkg);
  const runtime = dockerRuntime(c);
  const facts = factsForImage(image);
  if (facts === KUBERNETES_MCP_SERVER) return kubernetesServer(c, image, runtime);
  const endpoint = httpEndpoint(c, runtime.port);
  const args = packageArgs(c, 'kubelet', endpoint.portFlag);
  const env = withoutPortEnv({ ...runtime.env, ...environment(c) }, endpoint);
  c.decisions.push(`image ${image}: no catalog type for it, so a generic server; no health path is known, so probes use TCP`);
  return {
    server: compact({
      name: c.name, type: 'generic', image,
      port: endpoint.port, portFlag: endpoint.portFlag, portEnv: endpoint.portEnv,
      transport: pkg.transport.type, path: endpoint.pathIfNotDefault,
      args: args.length > 0 ? args : undefined,
      ...envFields(c, env),
    }),
  };
}

/** kubernetes-mcp-server: the catalog's type, which knows its flags, config and RBAC. */
function kubernetesServer(c: PackageContext, image: string, runtime: DockerRuntime): Omit<ImportedServer, 'decisions' | 'secrets' | 'source'> {
  const endpoint = httpEndpoint(c, runtime.port);
  const dropped = [
    ...Object.keys(runtime.env).map((k) => `-e ${k}`),
    ...(c.pkg.packageArguments ?? []).map(argumentLabel),
    ...(c.pkg.environmentVariables ?? []).map((v) => v.name),
  ];
  c.decisions.push(`image ${image}: kubernetes-mcp-server, so catalog type "kubernetes" (read-only, its RBAC from the tools it offers, in-cluster credentials from its ServiceAccount)`);
  if (dropped.length > 0) c.decisions.push(`dropped ${dropped.join(', ')}: the catalog type sets the server's flags and credentials itself`);
  return { server: compact({ name: c.name, type: 'kubernetes', image, port: endpoint.port === 8080 ? undefined : endpoint.port }) };
}

/** The image reference: the identifier, with the version as its tag when it has none. */
function ociImage(pkg: ServerPackage): string {
  const last = pkg.identifier.split('/').pop() ?? '';
  if (last.includes(':') || pkg.identifier.includes('@')) return pkg.identifier;
  if (pkg.version) return `${pkg.identifier}:${pkg.version}`;
  throw new ImportError([{ path: 'packages.identifier', message: `expected an image pinned by tag or digest, got ${JSON.stringify(pkg.identifier)} and no version` }]);
}

interface DockerRuntime {
  /** The container port of `-p host:container`. */
  readonly port?: number;
  /** Plain `-e NAME=value` variables. */
  readonly env: Record<string, string>;
}

/**
 * `docker run` options from runtimeArguments: `-e` becomes env, `-p` says the container
 * port; volumes and the rest mean nothing in a pod and are dropped, with the reason.
 */
function dockerRuntime(c: PackageContext): DockerRuntime {
  const env: Record<string, string> = {};
  let port: number | undefined;
  const dropped: string[] = [];
  (c.pkg.runtimeArguments ?? []).forEach((arg, i) => {
    const path = `${c.at}.runtimeArguments[${i}]`;
    if (arg.type !== 'named') {
      dropped.push(argumentLabel(arg));
      return;
    }
    if (['-e', '--env'].includes(arg.name)) {
      const value = valueOf(c.inputs.resolve(arg, [arg.name], path, `the runtime argument ${arg.name}`));
      const match = value ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value) : null;
      if (match) env[match[1]] = match[2];
      else if (value !== undefined) c.inputs.problems.push({ path, message: `expected ${arg.name} NAME=value, got ${JSON.stringify(value)}` });
    } else if (['-p', '--publish'].includes(arg.name)) {
      const value = valueOf(c.inputs.resolve(arg, [arg.name], path, `the runtime argument ${arg.name}`));
      const container = value ? /(?:^|:)(\d+)(?:\/tcp)?$/.exec(value) : null;
      if (container) port = Number(container[1]);
    } else if (['-v', '--volume', '--mount'].includes(arg.name)) {
      dropped.push(`${arg.name} (a host path means nothing in a pod: mount files with secretFiles or configFiles, or add writablePaths)`);
    } else {
      dropped.push(arg.name);
    }
  });
  if (dropped.length > 0) c.decisions.push(`runtimeArguments dropped: ${dropped.join('; ')}`);
  return { port, env };
}

interface HttpEndpoint {
  readonly port: number;
  readonly pathIfNotDefault?: string;
  /** The named argument the URL takes its port from: the server gets it as portFlag. */
  readonly portFlag?: string;
  /** The environment variable the URL takes its port from: the server gets it as portEnv. */
  readonly portEnv?: string;
}

/** Port and path from the transport URL, `{variables}` filled from the package's inputs. */
function httpEndpoint(c: PackageContext, containerPort: number | undefined): HttpEndpoint {
  const transport = c.pkg.transport;
  if (transport.type === 'stdio') throw new Error('httpEndpoint of a stdio transport');
  const path = `${c.at}.transport.url`;
  const hostPort = /^https?:\/\/[^/:]+:\{([^}]+)\}/.exec(transport.url)?.[1];
  const portFlag = c.pkg.packageArguments?.some((a) => a.type === 'named' && a.name === hostPort) ? hostPort : undefined;
  const portEnv = c.pkg.environmentVariables?.some((v) => v.name === hostPort) ? hostPort : undefined;
  const url = transport.url.replace(/\{([^}]+)\}/g, (whole, ref: string) => urlVariable(c, ref, transport.variables ?? {}) ?? whole);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ImportError([{ path, message: `expected a URL once its variables are filled, got ${JSON.stringify(url)}` }]);
  }
  const port = containerPort ?? Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const defaultPath = transport.type === 'sse' ? '/sse' : '/mcp';
  const pathname = parsed.pathname || '/';
  if (containerPort !== undefined && parsed.port && Number(parsed.port) !== containerPort) {
    c.decisions.push(`port ${containerPort}: the container side of -p (the URL's ${parsed.port} is the host side)`);
  }
  return { port, pathIfNotDefault: pathname === defaultPath ? undefined : pathname, portFlag, portEnv };
}

/** A `{ref}` of a transport URL: a URL variable, a named argument, a positional's valueHint or an environment variable. */
function urlVariable(c: PackageContext, ref: string, variables: Readonly<Record<string, Input>>): string | undefined {
  const variable = variables[ref];
  if (variable) return valueOf(c.inputs.resolve(variable, [ref], `${c.at}.transport.variables.${ref}`, `the URL variable ${ref}`));
  const arg = (c.pkg.packageArguments ?? []).find((a) => (a.type === 'named' ? a.name : a.valueHint) === ref);
  const env = (c.pkg.environmentVariables ?? []).find((v) => v.name === ref);
  const input = arg ?? env;
  if (!input) return undefined;
  return input.value ?? c.inputs.peek(inputKeys(input)) ?? input.default;
}

function valueOf(resolved: ReturnType<Inputs['resolve']>): string | undefined {
  return resolved.kind === 'value' ? resolved.value : undefined;
}

/** Names the user may give an input by with --set. */
function inputKeys(input: PackageArgument | KeyValueInput): string[] {
  const { type, valueHint, name } = input as { type?: string; valueHint?: string; name: string };
  if (type === 'positional') return [valueHint ?? 'value'];
  const bare = name.replace(/^-+/, '');
  return bare !== name ? [bare, name] : [name];
}

function argumentLabel(arg: PackageArgument): string {
  return arg.type === 'named' ? arg.name : `<${arg.valueHint ?? arg.value}>`;
}

/**
 * How a secret argument reaches the command line: through an environment variable from the
 * Secret, expanded by the kubelet (`$(NAME)` in args) or by the shell of a bridge.
 */
type SecretArgs = 'kubelet' | 'shell';

/**
 * packageArguments as container args. A named argument the URL takes its port from is left
 * to portFlag, which renders it with the port.
 */
function packageArgs(c: PackageContext, secretArgs: SecretArgs, portFlag?: string): string[] {
  const args: string[] = [];
  (c.pkg.packageArguments ?? []).forEach((arg, i) => {
    if (arg.type === 'named' && arg.name === portFlag) return;
    const path = `${c.at}.packageArguments[${i}]`;
    const label = arg.type === 'named' ? `the argument ${arg.name}` : `the argument <${arg.valueHint ?? 'value'}>`;
    const resolved = c.inputs.resolve(arg, inputKeys(arg), path, label);
    if (resolved.kind === 'unset') return;
    let word: string;
    if (resolved.kind === 'secret') {
      const variable = `ARG_${inputKeys(arg)[0].toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
      addSecret(c, variable, label);
      word = secretArgs === 'shell' ? `\${${variable}}` : `$(${variable})`;
    } else {
      // $(NAME) in args is the kubelet's expansion; $$ keeps a literal one literal.
      word = resolved.value.replace(/\$\(/g, '$$$$(');
    }
    if (arg.type === 'named') args.push(arg.name, word);
    else args.push(word);
  });
  return args;
}

/** environmentVariables as plain env; secret ones become secretEnv keys of the server's Secret. */
function environment(c: PackageContext): Record<string, string> {
  const env: Record<string, string> = {};
  const unset: string[] = [];
  (c.pkg.environmentVariables ?? []).forEach((variable, i) => {
    const resolved = c.inputs.resolve(variable, [variable.name], `${c.at}.environmentVariables[${i}]`, `the variable ${variable.name}`);
    if (resolved.kind === 'value') env[variable.name] = resolved.value;
    else if (resolved.kind === 'secret') addSecret(c, variable.name, `the variable ${variable.name}${variable.description ? ` (${variable.description})` : ''}`);
    else unset.push(variable.name);
  });
  if (unset.length > 0) c.decisions.push(`left unset (optional, no default): ${unset.join(', ')}; give a value with --set NAME=value`);
  return env;
}

/** The variable portEnv names is set from the port, not as a plain variable. */
function withoutPortEnv(env: Record<string, string>, endpoint: HttpEndpoint): Record<string, string> {
  if (endpoint.portEnv === undefined) return env;
  return Object.fromEntries(Object.entries(env).filter(([name]) => name !== endpoint.portEnv));
}

/** The Secret every secret input of a server lives in. */
export function secretNameOf(server: string): string {
  return `${server}-env`;
}

function addSecret(c: PackageContext, key: string, what: string): void {
  c.secrets.push({ secret: secretNameOf(c.name), key, what });
}

function envFields(c: PackageContext, env: Record<string, string>) {
  const secretEnv = Object.fromEntries(c.secrets.map((s) => [s.key, { secret: s.secret, key: s.key }]));
  return { env: Object.keys(env).length > 0 ? env : undefined, secretEnv: c.secrets.length > 0 ? secretEnv : undefined };
}

/**
 * An npm or pypi package: an image built from the runner's Dockerfile. A stdio server runs
 * behind the runner's bridge; one that serves HTTP itself runs directly.
 */
function packageServer(c: PackageContext, runner: RunnerImage, imageOption: string | undefined): Omit<ImportedServer, 'decisions' | 'secrets' | 'source'> {
  const pkg = pinnedPackage(c);
  const image = imageOption ?? `localhost/mcp/${c.name}:${pkg.version}`;
  const runtime = (c.pkg.runtimeArguments ?? []).map(argumentLabel);
  if (runtime.length > 0) c.decisions.push(`runtimeArguments dropped: ${runtime.join(', ')} (${c.pkg.runtimeHint ?? runner.registryType} options; the image runs the package itself)`);
  const build: BuildRecipe = { image, registryType: runner.registryType, package: pkg, dockerfile: runner.dockerfile(pkg) };
  if (c.pkg.transport.type === 'stdio') {
    const env = environment(c);
    const args = runner.args(pkg, packageArgs(c, runner.registryType === 'npm' ? 'shell' : 'kubelet'));
    c.decisions.push(`stdio: ${runner.bridge.name} ${runner.bridge.version} in the image serves it as Streamable HTTP on port ${runner.port} (${runner.path}, health ${runner.healthPath}); one stdio process per MCP session`);
    c.decisions.push(`image ${image}: build it from the Dockerfile (${runner.base}, ${pkg.name} ${pkg.version} installed at build time, so the pod needs no registry access)`);
    return {
      server: compact({ name: c.name, type: 'generic', image, port: runner.port, transport: 'stdio-bridge', path: runner.path, healthPath: runner.healthPath, args, ...envFields(c, env) }),
      build,
    };
  }
  const endpoint = httpEndpoint(c, undefined);
  const env = withoutPortEnv(environment(c), endpoint);
  const command = [...runner.direct(pkg), ...packageArgs(c, 'kubelet', endpoint.portFlag)];
  c.decisions.push(`${c.pkg.transport.type}: the package serves HTTP itself, so it runs without a bridge; no health path is known, so probes use TCP`);
  c.decisions.push(`image ${image}: build it from the Dockerfile (${runner.base}, ${pkg.name} ${pkg.version} installed at build time)`);
  return {
    server: compact({
      name: c.name, type: 'generic', image, command, port: endpoint.port, portFlag: endpoint.portFlag, portEnv: endpoint.portEnv,
      transport: c.pkg.transport.type, path: endpoint.pathIfNotDefault, ...envFields(c, env),
    }),
    build,
  };
}

function pinnedPackage(c: PackageContext): PinnedPackage {
  const { pkg, at } = c;
  const namePattern = pkg.registryType === 'npm' ? NPM_NAME : PYPI_NAME;
  const problems: InputProblem[] = [];
  if (!namePattern.test(pkg.identifier)) problems.push({ path: `${at}.identifier`, message: `expected a ${pkg.registryType} package name, got ${JSON.stringify(pkg.identifier)}` });
  if (pkg.version === undefined) problems.push({ path: `${at}.version`, message: 'expected a version: the image pins the package to one release' });
  else if (!PACKAGE_VERSION.test(pkg.version)) problems.push({ path: `${at}.version`, message: `expected a release version such as 1.2.3, got ${JSON.stringify(pkg.version)}` });
  if (problems.length > 0) throw new ImportError(problems);
  return { name: pkg.identifier, version: pkg.version! };
}

/** Drops undefined fields, so the YAML holds only what was decided. */
function compact(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
}

