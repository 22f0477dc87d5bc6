#!/usr/bin/env node
// The luoshi command: runs the TypeScript CLI through tsx's loader, in this process.
import { register } from 'tsx/esm/api';

register();
await import('../apps/server/src/main.ts');
