// The renderer alone, with plain Vite: `npx vite build -c vite.renderer.config.mts` builds out/renderer
// (what the browser host serves and the browser tests load) without the main and preload builds, and
// `npx vite -c vite.renderer.config.mts` is a dev loop with hot reload against a running browser host:
//   WEFT_HOST=http://127.0.0.1:<port> WEFT_SECRET=<secret from its URL> npx vite -c vite.renderer.config.mts
// (Electron cannot start on these machines, so electron-vite dev is not an option.)
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

const root = fileURLToPath(new URL('./src/renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./out/renderer', import.meta.url));
const host = process.env.WEFT_HOST;
const secret = process.env.WEFT_SECRET ?? '';

// The host refuses foreign origins (other web pages must not drive it): the proxy speaks as the host
// itself, with the secret in a header instead of the cookie.
const toHost = (target: string): ProxyOptions => ({
  target,
  changeOrigin: true,
  headers: { 'X-Weft-Secret': secret },
  configure: (proxy) => proxy.on('proxyReq', (request) => request.removeHeader('origin')),
});

export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir, emptyOutDir: true, minify: process.env.WEFT_RELEASE === '1' },
  server: host ? { proxy: { '/api': toHost(host), '/images': toHost(host) } } : {},
});
