// The commands over query values: `query`, `patterns` (read the inputs, answer, exit) and `mcp` (a server).
// Exit codes as every command: 0 success, 1 an input could not be read, 2 usage error or invalid filter.

import { createSession } from '../core/session/session';
import { patternIdOf } from '../core/patterns/mask';
import { FilterSyntaxError } from '../core/query/language';
import { UsageError } from './args';
import { checkInputs, openInputs } from './open';
import { Output } from './output';
import { checkFilterText, filterErrorText, parseQueryArgs, runQuery, QUERY_USAGE, type QuerySession } from './query';
import { parsePatternsArgs, runPatterns, PATTERNS_USAGE } from './patterns';

export const AGENT_COMMANDS: readonly string[] = ['query', 'patterns', 'mcp'];

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

export async function agentCommand(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  // the MCP server and its schema libraries load only for `mcp` (they are most of the bundle's start-up)
  if (command === 'mcp') return (await import('./mcp')).mcpCommand(rest, io);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command === 'query' ? QUERY_USAGE : PATTERNS_USAGE);
    return 0;
  }
  let args;
  try {
    args = command === 'query' ? parseQueryArgs(rest) : parsePatternsArgs(rest);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`threadline: ${e.message}\n${command === 'query' ? QUERY_USAGE : PATTERNS_USAGE}`);
    return 2;
  }
  try {
    checkFilterText(args.filter);
  } catch (e) {
    if (!(e instanceof FilterSyntaxError)) throw e;
    io.stderr.write(filterErrorText(e, args.filter));
    return 2;
  }
  const out = new Output(io.stdout as import('node:stream').Writable);
  let session: QuerySession | null = null;
  try {
    await checkInputs(args.files);
    session = createSession({ maxRecords: Number.MAX_SAFE_INTEGER, patternIdOf });
    await openInputs(session, args.files, () => io.stdin);
    if ('groupBy' in args) await runQuery(session, args, out);
    else await runPatterns(session, args, out);
    await out.flush();
    return 0;
  } catch (e) {
    if (e instanceof FilterSyntaxError) {
      io.stderr.write(filterErrorText(e, args.filter));
      return 2;
    }
    // An unreadable input says why in one line; anything else too (exit code 1 either way).
    io.stderr.write(`threadline: ${(e as Error).message.split('\n')[0]}\n`);
    return 1;
  } finally {
    session?.dispose();
  }
}
