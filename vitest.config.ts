import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    reporters: ['default'],
    // @actions/workflow-parser imports its JSON schema without `with { type: 'json' }`, which Node 20 rejects
    // unless vitest transforms the package itself.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
