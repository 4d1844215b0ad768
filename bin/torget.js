#!/usr/bin/env node
// The `torget` command: compiles the TypeScript sources on the fly (tsx), then runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
