// `npm run synth` and `npm run check`: one process that rebuilds lib/ only when its inputs
// changed, then runs the command from its bundle with V8's code cache (src/cli/fast-start.ts).
const { ensureBuilt } = require('./build');

ensureBuilt();
// lib/ exists only once ensureBuilt has run.
// eslint-disable-next-line import-x/order
const { runBundled } = require('../lib/src/cli/fast-start');
runBundled(process.argv[2], process.argv.slice(3)).then((code) => (process.exitCode = code));
