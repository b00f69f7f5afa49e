import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/** Layer rules from ARCHITECTURE.md: a wrong import fails lint. */
const banned = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((g) => ({ group: g.group, message: g.message })) }],
})
const NODE = { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http'], message: 'This layer must not use Node built-ins.' }
const ELECTRON = { group: ['electron'], message: 'Only src/main/index.ts and transport/ipc.ts may import electron.' }
const REACT = { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'monaco-editor', 'monaco-editor/*'], message: 'UI libraries belong to the renderer.' }
const OPENAI = { group: ['openai', 'openai/*'], message: 'Only the provider adapter (engine/providers) imports openai.' }
const SQLITE = { group: ['better-sqlite3'], message: 'Only src/main/store owns SQLite.' }
const TRANSPORT = { group: ['**/transport/**', '**/transport'], message: 'The engine must not depend on transports.' }
const MAIN = { group: ['**/main/**', '../main/*'], message: 'The renderer reaches the engine only through api/.' }

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', '.electron-native/**', 'bench/results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['src/shared/**'], rules: banned(NODE, ELECTRON, REACT, OPENAI, SQLITE) },
  { files: ['src/main/engine/**'], ignores: ['src/main/engine/providers/**'], rules: banned(ELECTRON, REACT, OPENAI, TRANSPORT, SQLITE) },
  { files: ['src/main/engine/providers/**'], rules: banned(ELECTRON, REACT, TRANSPORT, SQLITE) },
  { files: ['src/main/store/**'], rules: banned(ELECTRON, REACT, OPENAI) },
  { files: ['src/main/transport/**'], ignores: ['src/main/transport/ipc.ts'], rules: banned(ELECTRON, REACT, OPENAI, SQLITE) },
  { files: ['src/main/headless.ts', 'src/main/cli/**'], rules: banned(ELECTRON, REACT, OPENAI, SQLITE) },
  {
    files: ['src/preload/**'],
    rules: banned(REACT, OPENAI, SQLITE, { group: ['zod', 'zod/*'], message: 'The preload is a pipe: no schema library.' }),
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, ...banned(NODE, ELECTRON, OPENAI, SQLITE, MAIN) },
  },
)
