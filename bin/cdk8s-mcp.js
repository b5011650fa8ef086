#!/usr/bin/env node
// `npx cdk8s-mcp check <paths>` in a checkout. lib/ is built by `npm ci` (prepare) and by `npm run synth`.
const path = require('path');

const [command, ...args] = process.argv.slice(2);
if (command === 'check') {
  const { runCheck } = require(path.join(__dirname, '..', 'lib', 'src', 'cli', 'check.js'));
  process.exitCode = runCheck(args);
} else {
  process.stderr.write('usage: cdk8s-mcp check [--format text|json] [--only <cat>,...] [--skip <cat>,...] [--level baseline|restricted] <file-or-dir>...\n');
  process.exitCode = 2;
}
