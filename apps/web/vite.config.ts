/**
 * The staff web app of Luoshi. Built into apps/web/dist, which the server serves for /, /login and
 * /app/*. In development `vite --config apps/web/vite.config.ts` proxies /api to a local server.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // antd and react make one large vendor chunk; pages are split per feature
    chunkSizeWarningLimit: 1600,
    // two pages: the staff app, and the public portal that never loads it
    rollupOptions: { input: { main: path.join(root, 'index.html'), portal: path.join(root, 'portal.html') } },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
