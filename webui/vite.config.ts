/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// `npm run dev` proxies the API and the WebSocket to a running studio (karaf-assembly/studio.sh);
// STUDIO_URL points it elsewhere. The Host header is kept, so the single sign-on callback and the
// refresh cookie stay on the dev server's origin.
const studio = process.env.STUDIO_URL ?? 'http://127.0.0.1:8181';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    // the servlet serves /assets/* as immutable: every file there must carry its content hash
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // lazy chunks of a package are named after it (lang-python-…js), not after its dist/index.js
        chunkFileNames: (chunk) => {
          const m = /node_modules\/(?:@[^/]+\/)?([^/]+)\//.exec(chunk.facadeModuleId ?? chunk.moduleIds.at(-1) ?? '');
          return `assets/${m ? m[1] : '[name]'}-[hash].js`;
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: studio },
      '/ws': { target: studio, ws: true, headers: { Origin: studio } },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
