// Builds the three parts of the desktop app: the main process, the sandboxed preload (CommonJS, as
// sandboxed preloads must be) and the renderer (React, bundled; minified for release builds).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const release = process.env.NODE_ENV === 'production' || process.env.WEFT_RELEASE === '1';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The CLI is built beside the main process: same runtime, same externalized dependencies.
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts'), cli: resolve(__dirname, 'src/cli/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: release,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
