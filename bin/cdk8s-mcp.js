#!/usr/bin/env node
// `npx cdk8s-mcp <command>`: in a checkout (lib/ is built by `npm ci`, through prepare) or from the installed package (lib/ ships in it).
// check and synth start from their bundles with V8's code cache, as `npm run` does in a checkout
// (src/cli/fast-start.ts); a package without the bundles runs them from lib/src.
const fs = require('fs');
const path = require('path');

const lib = (name) => require(path.join(__dirname, '..', 'lib', 'src', 'cli', `${name}.js`));
const bundled = (name) => fs.existsSync(path.join(__dirname, '..', 'lib', 'bundle', `${name}.js`));
const [command, ...args] = process.argv.slice(2);
if ((command === 'check' || command === 'synth') && bundled(command)) {
  lib('fast-start').runBundled(command, args).then((code) => (process.exitCode = code));
} else if (command === 'check') {
  lib('check').runCheckCommand(args).then((code) => (process.exitCode = code));
} else if (command === 'synth') {
  process.exitCode = lib('synth').runSynthCommand(args);
} else if (command === 'add') {
  process.exitCode = lib('add').runAddCommand(args);
} else {
  const usage = `usage: cdk8s-mcp <command> [options]\n\n${lib('synth').SYNTH_USAGE}\n\n${lib('check').CHECK_USAGE}\n\n${lib('add').ADD_USAGE}\n`;
  const help = command === undefined || command === '--help' || command === '-h' || command === 'help';
  (help && command !== undefined ? process.stdout : process.stderr).write(command && !help ? `unknown command "${command}"\n${usage}` : usage);
  process.exitCode = help && command !== undefined ? 0 : 2;
}
