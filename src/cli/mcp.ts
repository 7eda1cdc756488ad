// `threadline mcp`: a Model Context Protocol server over stdio, so an agent can read logs with the tools of
// src/core/agent/tools.ts. Files are opened by the `open` tool or named on the command line. Read-only.
// stdout carries the protocol: nothing else may be written there (diagnostics go to stderr).

import { readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { AGENT_TOOLS, runTool, type AgentContext, type AgentSession } from '../core/agent/tools';
import { createSession } from '../core/session/session';
import { patternIdOf } from '../core/patterns/mask';
import { createSourceResolver, type SourceResolver } from '../core/source/resolve';
import type { SourceSummary } from '../core/session/api';
import { checkInputs } from './open';
import pkg from '../../package.json';

export const MCP_USAGE = `Usage: threadline mcp [FILE...] [--root DIR]
  Serves the Model Context Protocol over stdio: tools open, query_logs, list_groups, get_trace, patterns, record.
  FILEs are read into the session at start; --root is where logged source paths are looked up (default: .).
`;

/** Folders never searched for source files, and how many files are listed at most. */
const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'out',
  'target',
  'build',
  '.vscode-test',
  '.venv',
  '__pycache__',
]);
const MAX_FILES = 200_000;

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(join(dir, e.name));
      } else if (e.isFile()) out.push(relative(root, join(dir, e.name)).split(sep).join('/'));
    }
  };
  await walk(root);
  return out;
}

export function mcpContext(session: AgentSession, root: string): AgentContext {
  let resolver: Promise<SourceResolver> | null = null;
  return {
    session,
    async open(paths: string[]): Promise<SourceSummary[]> {
      const abs = paths.map((p) => resolve(p));
      await checkInputs(abs);
      const out: SourceSummary[] = [];
      for (const p of abs) out.push(await session.addFile(p));
      return out;
    },
    async resolveSource(loc) {
      resolver ??= listFiles(root).then((files) => createSourceResolver(files, { roots: [root] }));
      return (await resolver).resolve(loc).map((c) => ({ ...c, path: resolve(root, c.path) }));
    },
  };
}

export function createMcpServer(ctx: AgentContext): Server {
  const server = new Server({ name: 'threadline', version: pkg.version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: AGENT_TOOLS.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.inputSchema,
      annotations: {
        title: t.title,
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const r = await runTool(req.params.name, req.params.arguments ?? {}, ctx);
    return { content: [{ type: 'text' as const, text: r.text }], structuredContent: r.structured, isError: r.isError };
  });
  return server;
}

/** Runs until stdin closes. Returns the exit code. */
export async function mcpCommand(args: string[], io: { stderr: NodeJS.WritableStream }): Promise<number> {
  const files: string[] = [];
  let root = process.cwd();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') {
      io.stderr.write(MCP_USAGE);
      return 0;
    }
    if (a === '--root') {
      if (args[i + 1] === undefined) return usage(io, '--root needs a directory');
      root = resolve(args[++i]!);
    } else if (a.startsWith('-')) return usage(io, `unknown option '${a}' for mcp`);
    else files.push(a);
  }
  const session = createSession({ patternIdOf });
  const ctx = mcpContext(session, root);
  try {
    if (files.length > 0) await ctx.open!(files);
  } catch (e) {
    io.stderr.write(`threadline: ${(e as Error).message}\n`);
    session.dispose();
    return 1;
  }
  const server = createMcpServer(ctx);
  const transport = new StdioServerTransport();
  // The client closing the connection or its end of stdin ends the server.
  const closed = new Promise<void>((r) => {
    server.onclose = r;
    process.stdin.once('end', r);
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => undefined);
  session.dispose();
  return 0;
}

function usage(io: { stderr: NodeJS.WritableStream }, why: string): number {
  io.stderr.write(`threadline: ${why}\n${MCP_USAGE}`);
  return 2;
}
