import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  // proto/wasm-lane/assembly is AssemblyScript (decorators on functions); js-lane.mjs is made from dist.
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'proto/wasm-lane/assembly/',
      'proto/wasm-lane/js-lane.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    // The logic gets the type-checked rules: they see where an `any` (a pg row, parsed JSON) leaks into
    // code that trusts it. Tests, scripts and bench stay on `recommended`: they poke at parsed reports and
    // fixtures on purpose, and type-aware linting of them would double the lint time for little gain.
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // Logic reports through the Logger or @actions/core, never straight to the console.
      'no-console': 'error',
    },
  },
  {
    // The logic takes plain arguments (inputs and a context) and returns a report; only the runner
    // layer (src/runner/) talks to @actions/*, so the CLI and the runbook run the same code in process.
    files: ['src/**/*.ts'],
    ignores: ['src/runner/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*'],
              message: 'only the runner layer imports @actions/*: pass what the logic needs as arguments',
            },
          ],
        },
      ],
    },
  },
  {
    // No import circles in src: a module in a circle sees the other's exports undefined while both load,
    // and a circle is a sign two modules are one. `import type` is erased at build time and never counts.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Imports name the built file (`./report.js`, as NodeNext wants); the source beside it is `.ts`.
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
)
