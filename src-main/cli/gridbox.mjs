#!/usr/bin/env node
// The CLI runs straight from the TypeScript sources (same code as the app backend), so tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
