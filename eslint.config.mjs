// ESLint, as cdk8s-plus (projen) lints its sources: typescript-eslint's recommended rules,
// max-len 150 (long strings, template literals, URLs and regular expressions excepted) and
// ordered imports. `npm test` runs it (test/lint/eslint.test.ts).
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['lib/**', 'lib.build-*/**', 'lib.old-*/**', 'dist/**', 'imports/**', 'node_modules/**', 'docs/**', 'coverage/**', 'examples/**/node_modules/**', 'examples/**/dist/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { 'import-x': importX },
    rules: {
      'max-len': ['error', { code: 150, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreComments: false }],
      'import-x/order': ['error', { groups: ['builtin', 'external'], alphabetize: { order: 'asc', caseInsensitive: true } }],
      // Manifests are untyped JSON: the policy rules and tests read them as `any` on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain CommonJS scripts and programs.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
