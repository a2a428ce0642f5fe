import { defineConfig } from 'vite';
import * as path from 'node:path';

/**
 * The console is served by the API server from dist/console. Everything is bundled (county intranets have no
 * internet): no CDN, no web fonts. JSX is compiled by esbuild directly; the React plugin only adds dev-time fast
 * refresh, which this build does not need.
 */
export default defineConfig({
  root: __dirname,
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.resolve(__dirname, '../dist/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    rollupOptions: {
      // Ant Design marks modules "use client" for React Server Components; meaningless in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        // React in one long-lived chunk; Ant Design components split with the lazy pages that use them.
        manualChunks(id) {
          if (/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/media': 'http://127.0.0.1:3000' } },
});
