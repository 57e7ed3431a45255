#!/usr/bin/env node
// `shortlist` bin: runs the TypeScript CLI (src/cli/shortlist.ts) on Node 20 through the tsx loader,
// resolved from this package (so it works from any working directory), forwarding argv, stdio,
// signals and the exit code. tsx is a runtime dependency for this reason.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../src/cli/shortlist.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');
const child = spawn(process.execPath, ['--import', tsxLoader, entry, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
