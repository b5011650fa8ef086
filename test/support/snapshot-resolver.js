// Keeps every snapshot in the top-level __snapshots__/ folder, so reviewers find them in one place.
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const snapshotDir = path.join(root, '__snapshots__');
const testDir = path.join(root, 'test');

module.exports = {
  resolveSnapshotPath: (testPath, extension) =>
    path.join(snapshotDir, path.relative(testDir, testPath) + extension),
  resolveTestPath: (snapshotPath, extension) =>
    path.join(testDir, path.relative(snapshotDir, snapshotPath).slice(0, -extension.length)),
  testPathForConsistencyCheck: path.join(testDir, 'environments.test.ts'),
};
