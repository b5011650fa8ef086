// What the tests leave in the temporary directory: globalSetup lists it, globalTeardown fails
// the run when an entry of ours (or of cdk8s's Testing apps) appeared and was not removed.
const fs = require('fs');
const os = require('os');
const path = require('path');

// Ours, cdk8s Testing apps', and mktemp's default names (the scripts the tests run use mktemp).
const OURS = /^(cdk8s\.outdir\.|cdk8s-mcp-|tmp\.[A-Za-z0-9]{10}$)/;
const LIST = path.join(os.tmpdir(), `.cdk8s-mcp-tmp-before-${process.pid}`);

function entries() {
  return fs.readdirSync(os.tmpdir()).filter((name) => OURS.test(name));
}

/** Notes what is there before the run. */
function before() {
  fs.writeFileSync(LIST, JSON.stringify(entries()));
}

/** Throws when the run left entries behind. */
function after() {
  const earlier = new Set(JSON.parse(fs.readFileSync(LIST, 'utf8')));
  fs.rmSync(LIST, { force: true });
  const left = entries().filter((name) => !earlier.has(name));
  if (left.length > 0) throw new Error(`the tests left ${left.length} entries in ${os.tmpdir()}: ${left.slice(0, 10).join(', ')}`);
}

/** Forgets the listing: for a run that stops before its teardown (a build that fails in globalSetup). */
function discard() {
  fs.rmSync(LIST, { force: true });
}

module.exports = { before, after, discard };
