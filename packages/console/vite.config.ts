import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Served by the server under /console; the build lands in dist/, which the server reads.
export default defineConfig({
  base: '/console/',
  plugins: [preact({ prerender: { enabled: false } })],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: false },
});
