import { MCP_PROXY_LOCK, MCP_PROXY_PASS_ENVIRONMENT, MCP_PROXY_PATHS, SUPERGATEWAY } from '../images';

/*
 * npm and PyPI packages run in an image built from a Dockerfile that `cdk8s-mcp add` writes:
 * the package and a stdio-to-HTTP bridge are installed when the image is built, not when the
 * pod starts. So the pod needs no egress to a package registry, starts the same program
 * every time, and keeps a read-only root filesystem. (Installing at start would need an
 * init container with registry egress that the server keeps for its whole life, and a pod
 * that cannot start when the registry is down.)
 *
 * Each recipe is the one source for the Dockerfile and for the pod tests, which lay the
 * same programs out where the Dockerfile puts them (test/pods/harness/programs.ts).
 */

/** A package pinned to one version. */
export interface PinnedPackage {
  readonly name: string;
  readonly version: string;
}

/** How the image of a package registry is built and started. */
export interface RunnerImage {
  readonly registryType: 'npm' | 'pypi';
  /** The base image, an official image of the language. */
  readonly base: string;
  /** ENV of the image; the programs read it at run time too. */
  readonly env: Readonly<Record<string, string>>;
  /** The bridge that gives the stdio server an HTTP endpoint. */
  readonly bridge: PinnedPackage;
  readonly entrypoint: readonly string[];
  /** WORKDIR of the image. @default / */
  readonly workingDir?: string;
  readonly port: number;
  /** Streamable HTTP path of the bridge. */
  readonly path: string;
  readonly healthPath: string;
  /** The container args: the bridge's flags, then the stdio server's command line. */
  args(pkg: PinnedPackage, serverArgs: readonly string[]): string[];
  /** The command that starts the package itself, for packages that serve HTTP on their own. */
  direct(pkg: PinnedPackage): string[];
  /** The Dockerfile's instructions (after the comment `add` writes on top). */
  dockerfile(pkg: PinnedPackage): string;
}

/** The user the images run as, numeric so runAsNonRoot can check it (the schema's default runAsUser). */
export const RUNNER_USER = '65532:65532';

// npm package names (with scope) and versions, and PEP 508 names: nothing a shell or Dockerfile reads specially.
export const NPM_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
export const PYPI_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
export const PACKAGE_VERSION = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,127}$/;

/**
 * Node 22 with the package and supergateway in /app (a project of their own, as toolhive's
 * npx template does, and /app the working directory); the server starts through
 * `npx --offline --no-install`, which finds the package's bin in /app (so its name need not
 * be known here) and never asks a registry.
 * @see https://github.com/stacklok/toolhive/blob/v0.63.0/pkg/container/templates/npx.tmpl
 */
export const NODE_RUNNER: RunnerImage = {
  registryType: 'npm',
  base: 'node:22-bookworm-slim',
  env: { NODE_ENV: 'production', NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_AUDIT: 'false' },
  bridge: { name: SUPERGATEWAY.package, version: SUPERGATEWAY.version },
  entrypoint: ['/app/node_modules/.bin/supergateway'],
  workingDir: '/app',
  port: 8080,
  path: SUPERGATEWAY.path,
  healthPath: '/healthz',
  args(pkg, serverArgs) {
    const command = [...this.direct(pkg), ...serverArgs];
    return [
      SUPERGATEWAY.stdioFlag, command.map(shellWord).join(' '), ...SUPERGATEWAY.outputTransport, SUPERGATEWAY.stateful,
      SUPERGATEWAY.port.flag, String(this.port), SUPERGATEWAY.healthFlag, this.healthPath,
    ];
  },
  direct(pkg) {
    // npx looks for the package (and puts its bin on PATH) from the working directory, /app.
    return ['npx', '--offline', '--no-install', pkg.name];
  },
  dockerfile(pkg) {
    return [
      `FROM ${this.base}`,
      `ENV ${envLine(this.env)}`,
      `WORKDIR ${this.workingDir}`,
      'RUN echo \'{"private": true}\' > package.json \\',
      ` && npm install --save-exact --omit=dev ${this.bridge.name}@${this.bridge.version} ${pkg.name}@${pkg.version} \\`,
      ' && npm cache clean --force',
      `USER ${RUNNER_USER}`,
      `ENTRYPOINT ${JSON.stringify(this.entrypoint)}`,
      '',
    ].join('\n');
  },
};

/**
 * Python with the package in one virtualenv and mcp-proxy (with its locked dependencies) in
 * another, since they may need different releases of the MCP SDK. The server starts as the
 * executable named like the package, as uvx starts it.
 * @see https://docs.astral.sh/uv/guides/tools/
 */
export const PYTHON_RUNNER: RunnerImage = {
  registryType: 'pypi',
  base: 'python:3.11-slim-bookworm',
  env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PIP_NO_CACHE_DIR: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
  bridge: { name: 'mcp-proxy', version: MCP_PROXY_LOCK['mcp-proxy'] },
  entrypoint: ['/opt/bridge/bin/mcp-proxy'],
  port: 8080,
  path: MCP_PROXY_PATHS.streamableHttp,
  healthPath: MCP_PROXY_PATHS.status,
  direct(pkg) {
    return [`/opt/server/bin/${pkg.name}`];
  },
  args(pkg, serverArgs) {
    // mcp-proxy binds 127.0.0.1 and a random port unless told; after `--` the words are the child's.
    return ['--host', '0.0.0.0', '--port', String(this.port), MCP_PROXY_PASS_ENVIRONMENT, '--', ...this.direct(pkg), ...serverArgs];
  },
  dockerfile(pkg) {
    const bridge = Object.entries(MCP_PROXY_LOCK).map(([name, version]) => `${name}==${version}`).join(' ');
    return [
      `FROM ${this.base}`,
      `ENV ${envLine(this.env)}`,
      `RUN python -m venv /opt/bridge && /opt/bridge/bin/pip install --no-deps ${bridge} \\`,
      ` && python -m venv /opt/server && /opt/server/bin/pip install ${pkg.name}==${pkg.version}`,
      `USER ${RUNNER_USER}`,
      `ENTRYPOINT ${JSON.stringify(this.entrypoint)}`,
      '',
    ].join('\n');
  },
};

export const RUNNER_IMAGES = { npm: NODE_RUNNER, pypi: PYTHON_RUNNER } as const;

function envLine(env: Readonly<Record<string, string>>): string {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
}

/**
 * One word for `sh -c`: plain when it holds no character the shell reads, otherwise single
 * quoted. A `${NAME}` reference (a secret argument, from the environment) stays expandable.
 */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_\/.:=@%+,-]+$/.test(word)) return word;
  if (/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, '\'\\\'\'')}'`;
}
