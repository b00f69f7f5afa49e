// Bundles the CLI into out/cli/promptops.mjs (about 0.3 s) so `npx promptops` starts without
// compiling TypeScript on every call. Runs on `npm install` (prepare) and `npm run build`;
// bin/promptops.mjs falls back to running the sources through tsx when the bundle is missing or stale.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/main/cli/main.ts'],
  outfile: 'out/cli/promptops.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
})
