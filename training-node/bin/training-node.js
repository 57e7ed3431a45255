#!/usr/bin/env node
// training-node launcher: registers tsx's loader so the TypeScript sources (and the shared core in
// ../src/lib/core) run directly, then hands argv to src/cli/main.ts and exits with its code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
