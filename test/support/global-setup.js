// Tests that run the real command-line entry points need the compiled lib/.
const { execFileSync } = require('child_process');
const path = require('path');

const { before } = require('./leftovers');

module.exports = () => {
  before();
  execFileSync(process.execPath, ['scripts/build.js', '--types'], { cwd: path.resolve(__dirname, '..', '..'), stdio: 'inherit' });
};
