import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Layering: core services never import Electron or the renderer; the renderer never imports main.
  {
    files: [
      'src/main/core/**',
      'src/main/cli/**',
      'src/main/web/**',
      'src/shared/**',
      'tests/unit/**',
      'tests/fixtures/**',
      'tests/bench/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Core code must run in plain Node: Electron belongs in src/main/electron.',
            },
          ],
          patterns: [
            {
              group: ['**/renderer/**', '**/electron/**'],
              message: 'Core code must not depend on the shells.',
            },
          ],
        },
      ],
    },
  },
  // The reader's pure logic (page text, page layout) is unit-tested in Node; still no Electron.
  {
    files: ['tests/unit/reader/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Unit tests run in plain Node.' }],
          patterns: [{ group: ['**/electron/**'], message: 'Unit tests run in plain Node.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches main only through the API contract.' }],
          patterns: [
            {
              group: ['**/main/**', 'node:*'],
              message: 'The renderer reaches main only through the API contract.',
            },
          ],
        },
      ],
    },
  },
  // The renderer's data layer (rows/) is plain TypeScript, tested in Node like the core.
  {
    files: ['tests/unit/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Unit tests run in plain Node.' }],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/api/**', '**/renderer/rows/liveRows'],
              message: 'Renderer units test the pure modules, not the transport.',
            },
          ],
        },
      ],
    },
  },
)
