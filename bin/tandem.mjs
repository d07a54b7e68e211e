#!/usr/bin/env node
// The `tandem` command. The gateway is TypeScript run in place through tsx: no build step
// between a change and `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../gateway/cli/main.ts');
