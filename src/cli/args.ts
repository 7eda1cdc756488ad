// Command-line parsing: commands, flags and files, with usage errors reported as such (exit code 2).

export class UsageError extends Error {}

export interface ParsedArgs {
  command: 'inspect' | 'stats' | 'follow' | 'receive' | 'help';
  json: boolean;
  files: string[];
  /** Arguments passed through untouched (for `follow`). */
  rest: string[];
}

const COMMANDS = ['inspect', 'stats', 'follow', 'receive', 'help'] as const;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) throw new UsageError('a command is needed: inspect, stats or follow (try: threadline --help)');
  const [first, ...more] = argv;
  if (first === '--help' || first === '-h') return { command: 'help', json: false, files: [], rest: [] };
  if (first === '--version' || first === '-V') return { command: 'help', json: false, files: [], rest: ['--version'] };
  if (!(COMMANDS as readonly string[]).includes(first!)) throw new UsageError(`unknown command '${first}' (try: threadline --help)`);
  const command = first as ParsedArgs['command'];
  // follow has its own grammar (FILE | -- CMD ARGS...): hand it everything.
  if (command === 'follow') return { command, json: false, files: [], rest: more };
  if (command === 'receive') return { command, json: false, files: [], rest: more };
  let json = false;
  const files: string[] = [];
  let onlyFiles = false;
  for (const a of more) {
    if (onlyFiles) files.push(a);
    else if (a === '--') onlyFiles = true;
    else if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') return { command: 'help', json: false, files: [], rest: [command] };
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}' for ${command}`);
    else files.push(a);
  }
  if (command === 'help') return { command, json, files: [], rest: files };
  if (files.length === 0) throw new UsageError(`${command} needs at least one FILE (or - for stdin)`);
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('stdin (-) can be given only once');
  return { command, json, files, rest: [] };
}

export const USAGE = `threadline — inspect structured logs and traces

Usage:
  threadline inspect FILE... [--json]   records, spans and groups (trace > correlation ID > thread)
  threadline stats FILE... [--json]     the index's summary: lines, records, bad lines, groups, levels, formats
  threadline follow FILE | -- CMD...     follow a growing file or a command's output, grouped as it arrives
                [--max-records N] [--quiet] [--json]   keep the newest N records; no per-record output; JSON summary
  threadline receive [--otlp-port N] [--zipkin-port N] [--json-lines-port N] [--host H] [--out FILE]
                                         receive OTLP/Zipkin/JSON lines; every record and span as NDJSON
  threadline query FILE... [--filter EXPR] [--group-by trace|correlation|thread|FIELD]
                  [--sort time|duration|errors] [--limit N] [--format table|ndjson|json]
                                         the records (or groups) a filter selects
  threadline patterns FILE... [--filter EXPR] [--limit N] [--errors-first] [--json]
                                         message templates, most frequent first
  threadline mcp [FILE...] [--root DIR]  a Model Context Protocol server over stdio, for agents
  threadline --help | --version

FILE may be .log, .json, .jsonl, .ndjson (or any of them .gz); - reads standard input (inspect, stats).
With --json, inspect prints one JSON object: files[], records[], spans[], groups[]; times are epoch
nanoseconds as strings, IDs lower-case strings.

Exit codes: 0 success, 1 a file could not be read, 2 usage error (or an invalid filter).
`;
