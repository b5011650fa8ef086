/** Jest runs the TypeScript tests through ts-jest without type-checking (`npm test` runs `tsc --noEmit` first). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  snapshotResolver: '<rootDir>/test/support/snapshot-resolver.js',
  setupFilesAfterEnv: ['<rootDir>/test/support/cleanup.ts'],
};
