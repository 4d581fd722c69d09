// ESLint (npm run lint): typescript-eslint's recommended type-checked rules over src/ and test/,
// ESLint's recommended rules over the scripts. Rules that do not fit this code base are off or
// narrowed below, each with its reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'URL',
    'TextDecoder',
    'TextEncoder',
    'performance',
    'globalThis',
    'structuredClone',
    'fetch',
    'AbortController',
    'queueMicrotask',
  ].map((g) => [g, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'demo/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `import vscode = require('vscode')` is how the VS Code layer imports the API (CommonJS
      // output, the `vscode` module exists only at run time); TypeScript checks it like an import.
      '@typescript-eslint/no-require-imports': 'off',
      // Unused parameters keep the shape of VS Code's provider interfaces; `_`-prefixed names and
      // rest siblings (destructuring to drop a key) are deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Template literals print numbers and booleans on purpose (counts, offsets in messages).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      // Commands and event handlers are registered as async functions where VS Code takes a
      // void-returning callback: VS Code awaits what they return or ignores it, as documented.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // Mocha's describe/it and the tests' own assertion helpers.
    files: ['test/**/*.ts'],
    rules: {
      // Tests reach into parsed JSON and API results whose shape the assertions then check.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // assert.ok(x) then x! is the tests' idiom for "the previous assertion proved it".
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Failure messages print whatever value a test got (an unknown error, a diagnostic code).
      '@typescript-eslint/no-base-to-string': 'off',
      // Mocha callbacks and interface implementations (a grammar loader) are async by contract.
      '@typescript-eslint/require-await': 'off',
      // JSON read from files (the registry schema) is walked as untyped data.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'scripts/**/*.cjs', '*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...nodeGlobals, document: 'readonly', window: 'readonly', NodeFilter: 'readonly' } },
    rules: {
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
      // Empty catch blocks say "best effort" with a comment inside.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['scripts/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...nodeGlobals, require: 'readonly', module: 'writable', __dirname: 'readonly', exports: 'writable' },
    },
  },
);
