#!/usr/bin/env node
// `npx cdk8s-mcp <command>`: in a checkout (lib/ is built by `npm ci`, through prepare) or from the installed package (lib/ ships in it).
const path = require('path');

const lib = (name) => require(path.join(__dirname, '..', 'lib', 'src', 'cli', `${name}.js`));
const [command, ...args] = process.argv.slice(2);
if (command === 'check') {
  process.exitCode = lib('check').runCheck(args);
} else if (command === 'synth') {
  process.exitCode = lib('synth').runSynthCommand(args);
} else {
  const usage = `usage: cdk8s-mcp <command> [options]\n\n${lib('synth').SYNTH_USAGE}\n\n${lib('check').CHECK_USAGE}\n`;
  const help = command === undefined || command === '--help' || command === '-h' || command === 'help';
  (help && command !== undefined ? process.stdout : process.stderr).write(command && !help ? `unknown command "${command}"\n${usage}` : usage);
  process.exitCode = help && command !== undefined ? 0 : 2;
}
