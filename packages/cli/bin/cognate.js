#!/usr/bin/env node
// The `cognate` command: runs the TypeScript sources through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every run that its 2027 releases will need Node 22; this CLI supports
// Node 20, and the notice would bury the command's own output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../src/main.ts');
