import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      // `dependencies` stay external (electron-vite's default): better-sqlite3 is native and
      // @grpc/grpc-js loads lazily; devDependencies would be bundled.
      rollupOptions: {
        input: {
          // The Electron main process (the only entry that imports electron).
          index: resolve(__dirname, 'src/main/index.ts'),
          // The `tracedeck` command line, plain Node.
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
          // The span store's writer thread (src/main/store/writer-thread.ts finds it here).
          'writer-worker': resolve(__dirname, 'src/main/store/writer-worker.ts'),
          // The import worker (src/main/import/file-import.ts starts it).
          'import-worker': resolve(__dirname, 'src/main/import/import-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // electron-vite leaves the renderer unminified; the browser parses it on every start
      // (853 KB unminified, 375 KB minified).
      minify: process.env.NO_MINIFY ? false : true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
