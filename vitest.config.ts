import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/{engine,contract,cli,store,shared,renderer}/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60000,
          hookTimeout: 180000,
          globalSetup: ['tests/e2e/globalSetup.ts'],
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
})
