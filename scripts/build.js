// Compiles src/ to lib/ with esbuild: no type-checking here (npm test runs tsc --noEmit), so
// commands start fast. lib/src/ mirrors src/ (the package's modules); lib/bundle/<command>.js
// is each command of `npm run` as one file (see scripts/run.js). Nothing is rebuilt when lib/
// was built from the same inputs (a stamp of their paths, sizes and mtimes). `--types` also
// emits the declarations the package ships (tsconfig.types.json), which npm pack needs.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
// test/pods/harness: the pod harness also runs as `npm run try-pod`.
const ROOTS = ['src', 'imports', 'test/pods/harness'];
/** Commands run from one bundle each (scripts/run.js), and the source that defines each. */
const BUNDLED = { synth: 'src/cli/synth.ts', check: 'src/cli/check.ts' };

function tsFiles(dir) {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function stampOf(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const { size, mtimeMs } = statSync(join(ROOT, file));
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex');
}

const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** Builds lib/ (and with `types`, the declarations) unless it is up to date. */
function ensureBuilt({ types = false } = {}) {
  const inputs = ROOTS.flatMap(tsFiles).sort();
  const stamp = stampOf([...inputs, 'scripts/build.js', 'package-lock.json', 'tsconfig.types.json'].filter((f) => existsSync(join(ROOT, f))));
  const lib = join(ROOT, 'lib');
  if (read(join(lib, '.build-stamp')) !== stamp) compile(inputs, stamp);
  if (types && read(join(lib, '.types-stamp')) !== stamp) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.types.json')], { stdio: 'inherit' });
    writeFileSync(join(lib, '.types-stamp'), stamp);
  }
}

function compile(inputs, stamp) {
  // Build beside lib/ and swap it in, so a reader of lib/ (a running test) never sees it half-built.
  const staging = join(ROOT, `lib.build-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    buildInto(staging, inputs, stamp);
  } catch (err) {
    // A failed build (a syntax error esbuild refuses) leaves lib/ as it was and nothing beside it.
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const old = join(ROOT, `lib.old-${process.pid}`);
  if (existsSync(join(ROOT, 'lib'))) renameSync(join(ROOT, 'lib'), old);
  renameSync(staging, join(ROOT, 'lib'));
  rmSync(old, { recursive: true, force: true });
}

function buildInto(staging, inputs, stamp) {
  const { buildSync } = require('esbuild');
  const common = { absWorkingDir: ROOT, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' };
  // The CommonJS builds, which `require` resolves to as in lib/src: esbuild would take the ESM
  // build of an `import`, and js-yaml 5.5.0's runs 4x slower (measured: 16 MB parsed in 0.8 s
  // against 0.2 s), which made `check` read half as fast from its bundle.
  const commonJsBuilds = { 'js-yaml': './node_modules/js-yaml/dist/js-yaml.cjs.js' };
  buildSync({ ...common, entryPoints: inputs, outdir: staging, outbase: '.' });
  // One file per command: no module resolution at start, and V8's code cache covers it all.
  // kubernetes-models stays outside: its validators load per kind present.
  const bundledPackages = new Set();
  for (const [command, entry] of Object.entries(BUNDLED)) {
    // charset ascii: src/cli/fast-start.ts reads the bundle as latin1.
    const outfile = join(staging, 'bundle', `${command}.js`);
    const { metafile } = buildSync({ ...common, alias: commonJsBuilds, entryPoints: [entry], bundle: true, metafile: true, charset: 'ascii', outfile, logOverride: { 'unsupported-require-call': 'silent' } });
    writeFileSync(outfile, fasterConverters(readFileSync(outfile, 'latin1')), 'latin1');
    for (const input of Object.keys(metafile.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
      if (name) bundledPackages.add(name);
    }
  }
  // The bundles carry code of these packages: the package ships their licenses beside it.
  writeFileSync(join(staging, 'bundle', 'THIRD-PARTY-NOTICES.txt'), thirdPartyNotices([...bundledPackages].sort()));
  writeFileSync(join(staging, '.build-stamp'), stamp);
}

/**
 * The converters `cdk8s import` generates (toJson_* of cdk8s-plus-30's k8s and of imports/)
 * drop undefined fields with `Object.entries(x).reduce((r, i) => i[1] === void 0 ? r : { ...r,
 * [i[0]]: i[1] }, {})`, which copies the object once per field: quadratic, and about a tenth of
 * rendering a large environment. In the bundles that expression becomes one pass with the same
 * result: the same own keys in the same order, `__proto__` included as a key. The bundle test in
 * test/environments.test.ts renders through the bundles and compares with the modules' output.
 */
const DROP_UNDEFINED = /Object\.entries\(([\w.]+)\)\.reduce\(\(r, i\) => i\[1\] === void 0 \? r : \{ \.\.\.r, \[i\[0\]\]: i\[1\] \}, \{\}\)/g;
const DEFINED_FIELDS = [
  'function __definedFields(o) {',
  '  const out = {};',
  '  for (const k of Object.keys(o)) {',
  '    const v = o[k];',
  '    if (v === void 0) continue;',
  '    if (k === "__proto__") Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });',
  '    else out[k] = v;',
  '  }',
  '  return out;',
  '}',
].join('\n');

function fasterConverters(bundle) {
  const replaced = bundle.replace(DROP_UNDEFINED, '__definedFields($1)');
  if (replaced === bundle) return bundle;
  // After the bundle's "use strict", so the helper is strict like the code that calls it.
  const strict = '"use strict";\n';
  return replaced.startsWith(strict) ? `${strict}${DEFINED_FIELDS}\n${replaced.slice(strict.length)}` : `${DEFINED_FIELDS}\n${replaced}`;
}

/** Each bundled package's name, version, license and license text (as its package ships it). */
function thirdPartyNotices(packages) {
  const { readdirSync } = require('node:fs');
  const sections = packages.map((name) => {
    const dir = join(ROOT, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[sc]e|copying)(\.|$)/i.test(f));
    const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
    const text = file ? readFileSync(join(dir, file), 'utf8').trim()
      : `The package ships no license file; its package.json names the ${pkg.license} license${author ? `, author ${author}` : ''}${pkg.repository ? `, source ${pkg.repository.url ?? pkg.repository}` : ''}.`;
    return `${name} ${pkg.version} (${pkg.license})\n\n${text}`;
  });
  return `Third-party code in lib/bundle/*.js, bundled from these npm packages:\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}

module.exports = { ensureBuilt, BUNDLED, fasterConverters };

if (require.main === module) ensureBuilt({ types: process.argv.includes('--types') });
