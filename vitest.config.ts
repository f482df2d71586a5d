import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * One config for every tier. `electron` is aliased to a typed fake so that shell tests run under
 * plain Node (the Electron binary cannot be downloaded here, and tests must never need it).
 */
export const config = defineConfig({
  resolve: {
    alias: {
      electron: fileURLToPath(new URL('./test/fakes/electron.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // The AWS SDK's default credential chain must never leave loopback (instance metadata) nor read
    // the developer's own AWS profile: S3 tests pass their keys explicitly.
    env: {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
    },
    // electron-store imports `electron` itself: inline it so the alias to the fake applies.
    server: { deps: { inline: ['electron-store'] } },
  },
});

// eslint-disable-next-line no-restricted-syntax -- vitest loads the default export of its config
export default config;
