// `threadline follow FILE` and `threadline follow -- CMD ARGS...`: follow a growing file or a command's output
// and print each record as it arrives, one line each: time, level, group key, message. Ctrl-C ends cleanly
// (the command is stopped, what arrived is printed, a one-line summary goes to stderr).

import { createSession } from '../core/session/session';
import type { Writable } from 'node:stream';
import type { RecordSummary, SessionApi } from '../core/session/api';
import { followFile, type FileFollowEvent } from '../core/live/followFile';
import { followCommand as runCommand, type CommandExit } from '../core/live/followCommand';
import { describeExit } from '../core/live/liveSource';
import { formatTime, shortId } from './humanFormat';
import { Output } from './output';

const USAGE = `usage: threadline follow [OPTIONS] [--new] FILE     follow a file (--new: only lines written from now on)
       threadline follow [OPTIONS] -- CMD [ARGS...]  run CMD and follow its stdout and stderr
       threadline follow [OPTIONS] -                 follow standard input
options:
  --max-records N   keep the newest N records in memory, free the older ones (default 1000000)
  --quiet           print no records, only the summary
  --json            end with one JSON summary on stdout: lines, records, continuationLines, badLines,
                    evicted, kept, spans, elapsedMs, cpuMs, peakRssBytes`;

export interface FollowIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Ends following (Ctrl-C); defaults to SIGINT/SIGTERM of this process. */
  signal?: AbortSignal;
}

/** The group a record falls in under the default grouping: its trace, else correlation ID, else thread. */
function groupKey(r: RecordSummary): string {
  if (r.traceId) return `trace ${shortId(r.traceId)}`;
  if (r.correlationId) return `corr ${shortId(r.correlationId)}`;
  if (r.thread) return `thread ${r.thread}`;
  return '-';
}

// Log text reaches a terminal: control characters (escape sequences included) are shown, not obeyed.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const clean = (s: string) => s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function formatRecord(r: RecordSummary): string {
  const msg = clean(r.message.slice(0, 400));
  return `${formatTime(r.timeNs)} ${(r.level ?? '-').toUpperCase().padEnd(5)} ${groupKey(r).padEnd(22)} ${msg}\n`;
}

/** Records summarised per batch: the summaries come from the index columns, one message read each. */
const PRINT_BATCH = 1024;

/**
 * Prints records in arrival order as the session indexes them; stays at most one batch behind. Output is
 * written in blocks of ~64 KiB and waits for the terminal or pipe to drain, so printing costs one write per
 * block rather than one per record.
 */
class Printer {
  private next = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly out: Output;
  printed = 0;
  constructor(
    private readonly session: SessionApi,
    stream: NodeJS.WritableStream,
  ) {
    this.out = new Output(stream as Writable);
  }

  private available(): number {
    return this.session.stats().records + this.session.evicted();
  }

  /** Prints what is new; a call while printing makes that run go round once more, and waits for it. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const end = this.available();
      while (this.next < end && !this.out.isClosed) {
        const to = Math.min(end, this.next + PRINT_BATCH);
        const ids: number[] = [];
        for (let id = this.next; id < to; id++) ids.push(id);
        this.next = to;
        // records evicted before they could be printed are left out (the summary counts them)
        let text = '';
        for (const r of this.session.recordSummaries(ids)) {
          text += formatRecord(r);
          this.printed++;
        }
        await this.out.write(text);
      }
      await this.out.flush();
    } while (this.again);
  }
}

interface FollowOptions {
  fromStart: boolean;
  maxRecords: number | undefined;
  quiet: boolean;
  json: boolean;
  file: string | null;
  argv: string[] | null;
}

function parseFollowArgs(args: string[]): FollowOptions | string {
  const o: FollowOptions = {
    fromStart: true,
    maxRecords: undefined,
    quiet: false,
    json: false,
    file: null,
    argv: null,
  };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      o.argv = args.slice(i + 1);
      if (o.argv.length === 0) return 'follow -- needs a command';
      break;
    }
    if (a === '--new' || a === '-n') o.fromStart = false;
    else if (a === '--quiet' || a === '-q') o.quiet = true;
    else if (a === '--json') o.json = true;
    else if (a === '--max-records' || a.startsWith('--max-records=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      const n = Number(v);
      if (v === undefined || !/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) {
        const got = v === undefined ? 'nothing' : `'${v}'`;
        return `--max-records needs a whole number of records, at least 1 (got ${got})`;
      }
      o.maxRecords = n;
    } else if (a.startsWith('-') && a !== '-') return `unknown option '${a}' for follow`;
    else if (o.file !== null) return 'follow takes one FILE, or -- and a command';
    else o.file = a;
  }
  if (o.argv !== null && o.file !== null) return 'follow takes one FILE, or -- and a command';
  if (o.argv === null && o.file === null) return 'follow needs a FILE, - for standard input, or -- and a command';
  return o;
}

/** What `--json` prints, and what the text summary line is made from. */
export interface FollowSummary {
  lines: number;
  recordLines: number;
  records: number;
  continuationLines: number;
  badLines: number;
  evicted: number;
  kept: number;
  spans: number;
  printed: number;
  elapsedMs: number;
  cpuMs: number;
  peakRssBytes: number;
}

function summarize(session: SessionApi, printed: number, started: number, cpu0: NodeJS.CpuUsage): FollowSummary {
  const st = session.stats();
  const sum = { lines: 0, recordLines: 0, records: 0, continuationLines: 0, badLines: 0, spans: 0 };
  for (const s of session.sources()) {
    sum.lines += s.lines;
    sum.recordLines += s.recordLines;
    sum.records += s.records;
    sum.continuationLines += s.continuationLines;
    sum.badLines += s.badLines.length;
    sum.spans += s.spans;
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    ...sum,
    evicted: st.evicted,
    kept: st.records,
    printed,
    elapsedMs: Math.round(performance.now() - started),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    // the kernel's high-water mark for this process (ru_maxrss, KiB): peaks between samples count too
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

export async function followCommand(
  args: string[],
  io: FollowIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h') {
    io.stdout.write(USAGE + '\n');
    return 0;
  }
  const opts = parseFollowArgs(args);
  if (typeof opts === 'string') {
    io.stderr.write(`threadline: ${opts}\n${USAGE}\n`);
    return 2;
  }
  const { argv, file } = opts;
  const started = performance.now();
  const cpu0 = process.cpuUsage();

  const cap = opts.maxRecords !== undefined ? { maxRecords: opts.maxRecords } : {};
  const session = createSession({ workers: 0, ...cap });
  const printer = opts.quiet ? null : new Printer(session, io.stdout);
  const unsubscribe = printer ? session.onDidChange(() => void printer.drain()) : () => {};

  const ac = new AbortController();
  const onSignal = () => ac.abort();
  if (io.signal) io.signal.addEventListener('abort', onSignal, { once: true });
  else {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  let code = 0;
  try {
    if (argv) {
      const label = argv.join(' ');
      const f = runCommand(argv, session.addStream(`$ ${label}`), {
        stderrSink: session.addStream(`$ ${label} (stderr)`),
        signal: ac.signal,
      });
      const exit: CommandExit = await f.exited;
      if (exit.error || (!exit.stopped && exit.code !== 0)) {
        const last = f.stats().lastStderr.at(-1);
        io.stderr.write(`threadline: ${label}: ${describeExit(exit)}${last ? ` (stderr: ${clean(last)})` : ''}\n`);
        code = 1;
      }
    } else if (file === '-') {
      const sink = session.addStream('stdin');
      const stdin = io.stdin;
      await new Promise<void>((resolve) => {
        const end = () => {
          stdin.pause();
          sink.end();
          resolve();
        };
        stdin.on('data', (c: Buffer | string) => sink.write(c));
        stdin.once('end', end);
        stdin.once('error', end);
        ac.signal.addEventListener('abort', end, { once: true });
      });
    } else {
      let failed: string | null = null;
      const f = followFile(file!, session.addStream(file!), {
        fromStart: opts.fromStart,
        signal: ac.signal,
        onEvent: (e: FileFollowEvent) => {
          if (e.type === 'rotated') io.stderr.write(`threadline: ${file} rotated; reading the new file\n`);
          else if (e.type === 'truncated') io.stderr.write(`threadline: ${file} truncated; reading from the start\n`);
          else if (e.type === 'missing') io.stderr.write(`threadline: ${file} does not exist yet; waiting for it\n`);
          else if (e.type === 'error') {
            failed = e.message;
            ac.abort();
          }
        },
      });
      await f.done;
      if (failed) {
        io.stderr.write(`threadline: ${failed}\n`);
        code = 1;
      }
    }
    await printer?.drain();
  } finally {
    unsubscribe();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  const sum = summarize(session, printer?.printed ?? 0, started, cpu0);
  const out = new Output(io.stdout as Writable);
  if (opts.json) {
    await out.write(JSON.stringify(sum) + '\n');
    await out.flush();
  }
  const printedPart = opts.quiet ? '' : `${sum.printed} records printed, `;
  const evictedPart = sum.evicted ? `, ${sum.evicted} evicted, ${sum.kept} kept` : '';
  io.stderr.write(`threadline: ${printedPart}${sum.records} read, ${sum.badLines} bad lines${evictedPart}\n`);
  session.dispose();
  return code;
}
