#!/usr/bin/env node
// The `tandem` command. The gateway is TypeScript run in place through tsx: no build step
// between a change and `npm start`.
import { register } from 'tsx/esm/api';

// `tandem schema | head`: once the reader is gone, Node reports EPIPE as an error nobody handles
// (a stack on stderr). Stop quietly instead, with the status a shell gives a program killed by
// SIGPIPE (128 + 13), so that a command cut short is not taken for a success under pipefail.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(141);
  });
}

register();
await import('../gateway/cli/main.ts');
