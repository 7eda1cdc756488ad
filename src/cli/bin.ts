// The `threadline` executable (dist/cli.js): sets the process's V8 flags (heapFlags.ts), then loads the command
// itself (dist/cliMain.js, from main.ts). The flags must come before that bundle is compiled: compiling 1.5 MB
// of JavaScript already grows the young generation they keep small.

import { setFlagsFromString } from 'node:v8';
import { CLI_V8_FLAGS } from './heapFlags';

setFlagsFromString(CLI_V8_FLAGS);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./cliMain.js');
