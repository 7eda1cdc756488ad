#!/usr/bin/env node
// `npm start`: builds Threadline, installs code-server if needed, and serves VS Code on 127.0.0.1 with the
// extension loaded on the sample workspace. Prints the URL to open; Ctrl+C stops the server.
//   node scripts/start.mjs [--port N] [--folder PATH]
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureCodeServer, root, startCodeServer } from './vscode/codeServer.mjs';

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const folder = resolve(opt('--folder') ?? join(root, 'sample'));
const port = opt('--port') ? Number(opt('--port')) : 8080;

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
ensureCodeServer();

// the profile persists between runs (settings, layout), outside the tree's tracked files
const server = await startCodeServer({ profileDir: join(root, '.vscode-test/start-profile'), port });
const url = server.url({ folder });
console.log(`\nThreadline is running in VS Code (code-server ${server.host}) on ${folder}\n\n  ${url}\n`);
console.log('The URL loads Threadline as an extension under development: open it as printed. Ctrl+C stops.');

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await new Promise(() => {});
