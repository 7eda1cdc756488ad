// The `threadline` command: inspect and summarise logs and traces with the same core the extension uses.
// Exit codes: 0 success, 1 an input could not be read (one line says why), 2 usage error.

import { createSession } from '../core/session/session';
import type { SessionApi } from '../core/session/api';
import { parseArgs, UsageError, USAGE } from './args';
import { checkInputs, openInputs, UnreadableInput } from './open';
import { inspectJson, inspectText, type SpanPositionOf } from './inspect';
import { printStats, statsReport } from './stats';
import { Output } from './output';
import { listRemoteTraces, mergeRemoteInput, remoteFailure, remoteStore } from './remote';
import pkg from '../../package.json';
import { AGENT_COMMANDS, agentCommand } from './agentCommands';
import { CLI_V8_FLAGS } from './heapFlags';
import { setV8FlagsUnlessThreadsWill, wantV8Flags } from '../core/index/v8Flags';

/**
 * Where each reported span was read. The session answers when the index records span positions; otherwise the
 * file is still known, because inputs are indexed one after another: spans [from, to) came from input k.
 */
function spanPositions(session: SessionApi, ranges: { path: string; from: number; to: number }[]): SpanPositionOf {
  return (i) => {
    const p = session.spanPosition(i);
    if (p) return p;
    const r = ranges.find((x) => i >= x.from && i < x.to);
    return r ? { source: r.path, line: null, offset: 0 } : null;
  };
}

export async function main(
  argv: string[],
  // stdin as a getter: making process.stdin costs ≈ 1.5 ms of every start, and only `-` reads it
  io = {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin(): NodeJS.ReadableStream {
      return process.stdin;
    },
  },
): Promise<number> {
  if (AGENT_COMMANDS.includes(argv[0] ?? '')) return agentCommand(argv, io);
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`threadline: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args.command === 'help') {
    io.stdout.write(args.rest[0] === '--version' ? `${pkg.version}\n` : USAGE);
    return 0;
  }
  // live sources (and the OTLP protobuf decoder) load only for the commands that use them
  if (args.command === 'follow') return (await import('./follow')).followCommand(args.rest);
  if (args.command === 'receive') return (await import('./receive')).receiveCommand(args.rest);

  const out = new Output(io.stdout);
  const started = performance.now();
  let session: SessionApi | null = null;
  try {
    const remote = args.remote ? remoteStore(args.remote) : null;
    if (remote && args.remote?.service !== undefined) {
      await listRemoteTraces(remote, args.remote, args.json, out);
      return 0;
    }
    await checkInputs(args.files);
    // The command line reports every record of its inputs: no live-memory cap (the index holds them anyway).
    session = createSession({ maxRecords: Number.MAX_SAFE_INTEGER });
    const inputs = await openInputs(session, args.files, () => io.stdin);
    const traceId = args.remote?.trace;
    const fetched = remote && traceId !== undefined ? await mergeRemoteInput(session, remote, traceId) : null;
    if (fetched) inputs.push(fetched);
    const ranges: { path: string; from: number; to: number }[] = [];
    let from = 0;
    for (const i of inputs) ranges.push({ path: i.path, from, to: (from += i.summary.spans) });
    if (args.command === 'stats')
      await printStats(statsReport(session, inputs, performance.now() - started), args.json, out);
    else if (args.json) await inspectJson(session, inputs, out, spanPositions(session, ranges));
    else await inspectText(session, inputs, out);
    return 0;
  } catch (e) {
    const failed = remoteFailure(e);
    if (failed) {
      io.stderr.write(`threadline: ${failed.message}\n`);
      return failed.code;
    }
    if (e instanceof UnreadableInput) {
      io.stderr.write(`threadline: ${e.message}\n`);
      return 1;
    }
    io.stderr.write(`threadline: ${(e as Error).message.split('\n')[0]}\n`);
    return 1;
  } finally {
    session?.dispose();
  }
}

// Run when executed (node dist/cli.js through bin.ts, tsx src/cli/main.ts), not when imported by tests.
const entry = process.argv[1] ?? '';
if (/(?:^|[\\/])(?:cli\.js|main\.ts|threadline)$/.test(entry)) {
  // (see v8Flags.ts; the run that writes the code cache sets none: the runs that load it have none set yet)
  if (process.env.THREADLINE_CODE_CACHE !== 'write') {
    wantV8Flags(CLI_V8_FLAGS);
    setV8FlagsUnlessThreadsWill();
  }
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`threadline: ${(e as Error)?.message ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
