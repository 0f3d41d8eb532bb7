import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  resolve: {
    // `development` first: @cognate/auth then resolves to the workspace's TypeScript sources,
    // so the example runs and builds without building the library first.
    conditions: ['development', ...defaultClientConditions],
  },
  build: { target: 'es2022' },
});
