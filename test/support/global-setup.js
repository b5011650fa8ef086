// Tests that run the real command-line entry points need the compiled lib/.
const { execFileSync } = require('child_process');
const path = require('path');

const { before, discard } = require('./leftovers');

module.exports = () => {
  before();
  try {
    execFileSync(process.execPath, ['scripts/build.js', '--types'], { cwd: path.resolve(__dirname, '..', '..'), stdio: 'inherit' });
  } catch (err) {
    // jest runs no teardown after a failed setup: leave no listing behind in the temp dir.
    discard();
    throw err;
  }
};
