// Command-line parsing: commands, flags and files, with usage errors reported as such (exit code 2).

import { parseDurationMs } from '../core/remote/queryText';

export class UsageError extends Error {}

export interface ParsedArgs {
  command: 'inspect' | 'stats' | 'follow' | 'receive' | 'help';
  json: boolean;
  files: string[];
  /** Arguments passed through untouched (for `follow`). */
  rest: string[];
  /** `inspect --zipkin URL (--trace ID | --service NAME …)`: a trace store to ask (src/cli/remote.ts). */
  remote?: RemoteArgs;
}

export interface RemoteArgs {
  zipkin: string;
  /** Merge this trace into the output. */
  trace?: string;
  /** List recent traces of this service instead. */
  service?: string;
  lookbackMs?: number;
  limit?: number;
  timeoutMs?: number;
}

/** Options that take a value (`--opt VALUE` or `--opt=VALUE`), for inspect. */
const VALUE_OPTIONS = ['--zipkin', '--trace', '--service', '--lookback', '--limit', '--timeout'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

/** "90s", "15m", "1h", "2d", "500ms" (a bare number is seconds) → milliseconds. */
export function parseDuration(text: string, option: string): number {
  const ms = parseDurationMs(text, 's');
  if (ms === null || !(ms > 0)) {
    throw new UsageError(`${option} needs a duration such as 30s, 15m, 1h or 2d, not '${text}'`);
  }
  return ms;
}

function remoteArgs(command: string, values: Map<ValueOption, string>, files: string[]): RemoteArgs | undefined {
  if (values.size === 0) return undefined;
  const first = [...values.keys()][0];
  if (command !== 'inspect') throw new UsageError(`${first} is an option of inspect, not of ${command}`);
  const zipkin = values.get('--zipkin');
  if (!zipkin) throw new UsageError(`${first} needs --zipkin URL`);
  const trace = values.get('--trace');
  const service = values.get('--service');
  const usage = (m: string) => new UsageError(m);
  if (!trace && !service) throw usage('--zipkin needs --trace ID (merge a trace) or --service NAME (list traces)');
  if (trace && service) throw usage('give --trace ID or --service NAME, not both');
  if (trace && (values.has('--lookback') || values.has('--limit')))
    throw usage('--lookback and --limit go with --service');
  if (service && files.length > 0) throw usage('--service lists traces in Zipkin; FILE is read with --trace ID');
  const out: RemoteArgs = { zipkin };
  if (trace) out.trace = trace;
  if (service) out.service = service;
  const lookback = values.get('--lookback');
  if (lookback !== undefined) out.lookbackMs = parseDuration(lookback, '--lookback');
  const limit = values.get('--limit');
  if (limit !== undefined) {
    if (!/^[1-9]\d*$/.test(limit)) throw new UsageError(`--limit needs a whole number of 1 or more, not '${limit}'`);
    out.limit = Number(limit);
  }
  const timeout = values.get('--timeout');
  if (timeout !== undefined) out.timeoutMs = parseDuration(timeout, '--timeout');
  return out;
}

const COMMANDS = ['inspect', 'stats', 'follow', 'receive', 'help'] as const;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) throw new UsageError('a command is needed: inspect, stats or follow (try: threadline --help)');
  const [first, ...more] = argv;
  if (first === '--help' || first === '-h') return { command: 'help', json: false, files: [], rest: [] };
  if (first === '--version' || first === '-V') return { command: 'help', json: false, files: [], rest: ['--version'] };
  if (!(COMMANDS as readonly string[]).includes(first!))
    throw new UsageError(`unknown command '${first}' (try: threadline --help)`);
  const command = first as ParsedArgs['command'];
  // follow has its own grammar (FILE | -- CMD ARGS...): hand it everything.
  if (command === 'follow') return { command, json: false, files: [], rest: more };
  if (command === 'receive') return { command, json: false, files: [], rest: more };
  let json = false;
  const files: string[] = [];
  let onlyFiles = false;
  const values = new Map<ValueOption, string>();
  for (let i = 0; i < more.length; i++) {
    const a = more[i]!;
    const eq = a.indexOf('=');
    const name = (eq > 0 ? a.slice(0, eq) : a) as ValueOption;
    if (!onlyFiles && VALUE_OPTIONS.includes(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : more[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      values.set(name, value);
    } else if (onlyFiles) files.push(a);
    else if (a === '--') onlyFiles = true;
    else if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') return { command: 'help', json: false, files: [], rest: [command] };
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}' for ${command}`);
    else files.push(a);
  }
  if (command === 'help') return { command, json, files: [], rest: files };
  const remote = remoteArgs(command, values, files);
  if (remote) return { command, json, files, rest: [], remote };
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
  threadline inspect [FILE...] --zipkin URL --trace ID [--json]
                                         the files with that trace from a Zipkin server merged in
  threadline inspect --zipkin URL --service NAME [--lookback 1h] [--limit N] [--json]
                                         recent traces of a service in Zipkin
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

With --zipkin, --timeout 15s limits each request. Nothing is sent to Zipkin without --zipkin.

Exit codes: 0 success, 1 a file could not be read, 2 usage error (or an invalid filter); with --zipkin:
3 trace not found, 4 Zipkin unreachable, 5 no answer within the timeout, 6 the answer was not Zipkin's (or an
HTTP error).
`;
