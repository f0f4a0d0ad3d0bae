import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
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
    files: ['src/**/*.ts'],
    rules: {
      // Logic reports through the Logger or @actions/core, never straight to the console.
      'no-console': 'error',
    },
  },
  {
    // The logic takes plain arguments (inputs, a Logger, a signal) and returns a Report; only the runner
    // layer talks to @actions/*. Issue 11 moves that layer to src/runner/; until then it is these files.
    files: ['src/**/*.ts'],
    ignores: [
      'src/shared/annotations.ts',
      'src/shared/inputs.ts',
      'src/shared/logger.ts',
      'src/shared/outputs.ts',
      'src/shared/run-action.ts',
      'src/*/main.ts',
      // dep-audit's GitHub client (the issue rotation), the one use of @actions/github so far.
      'src/dep-audit/rotation.ts',
    ],
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
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
)
