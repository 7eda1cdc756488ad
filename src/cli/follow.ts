// `threadline follow FILE` and `threadline follow -- CMD ARGS...`: follow a growing file or a command's output
// and print each record as it arrives, one line each: time, level, group key, message. Ctrl-C ends cleanly
// (the command is stopped, what arrived is printed, a one-line summary goes to stderr).

import { createSession } from '../core/session/session';
import type { SessionApi } from '../core/session/api';
import type { LogRecord } from '../core/model';
import { followFile, type FileFollowEvent } from '../core/live/followFile';
import { followCommand as runCommand, type CommandExit } from '../core/live/followCommand';
import { describeExit } from '../core/live/liveSource';
import { formatTime, shortId } from './humanFormat';

const USAGE = `usage: threadline follow [--new] FILE     follow a file (--new: only lines written from now on)
       threadline follow -- CMD [ARGS...]  run CMD and follow its stdout and stderr
       threadline follow -                 follow standard input`;

export interface FollowIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Ends following (Ctrl-C); defaults to SIGINT/SIGTERM of this process. */
  signal?: AbortSignal;
}

/** The group a record falls in under the default grouping: its trace, else correlation ID, else thread. */
function groupKey(r: LogRecord): string {
  if (r.traceId) return `trace ${shortId(r.traceId)}`;
  if (r.correlationId) return `corr ${shortId(r.correlationId)}`;
  if (r.thread) return `thread ${r.thread}`;
  return '-';
}

// Log text reaches a terminal: control characters (escape sequences included) are shown, not obeyed.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const clean = (s: string) => s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function formatRecord(r: LogRecord): string {
  const msg = clean((r.message.split('\n', 1)[0] ?? '').slice(0, 400));
  return `${formatTime(r.timeNs)} ${(r.level ?? '-').toUpperCase().padEnd(5)} ${groupKey(r).padEnd(22)} ${msg}\n`;
}

/** Prints records in arrival order as the session indexes them; stays at most one batch behind. */
class Printer {
  private next = 0;
  private running: Promise<void> | null = null;
  private again = false;
  printed = 0;
  constructor(private readonly session: SessionApi, private readonly out: NodeJS.WritableStream) {}

  private available(): number {
    return this.session.stats().records + this.session.evicted();
  }

  /** Prints what is new; a call while printing makes that run go round once more, and waits for it. */
  drain(): Promise<void> {
    if (this.running) { this.again = true; return this.running; }
    this.running = this.loop().finally(() => { this.running = null; });
    return this.running;
  }

  private async loop(): Promise<void> {
    {
      do {
        this.again = false;
        const end = this.available();
        let text = '';
        for (; this.next < end; this.next++) {
          try {
            text += formatRecord(await this.session.record(this.next));
            this.printed++;
          } catch {
            // evicted before it could be printed: the summary counts it
          }
          if (text.length > 64 * 1024) { await write(this.out, text); text = ''; }
        }
        if (text) await write(this.out, text);
      } while (this.again);
    }
  }
}

function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
}

export async function followCommand(args: string[], io: FollowIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  let fromStart = true;
  let rest = [...args];
  if (rest[0] === '--new' || rest[0] === '-n') { fromStart = false; rest = rest.slice(1); }
  if (rest[0] === '--help' || rest[0] === '-h') { io.stdout.write(USAGE + '\n'); return 0; }
  let argv: string[] | null = null;
  let file: string | null = null;
  if (rest[0] === '--') {
    argv = rest.slice(1);
    if (argv.length === 0) { io.stderr.write(`threadline: follow -- needs a command\n${USAGE}\n`); return 2; }
  } else if (rest.length === 1) {
    file = rest[0]!;
  } else {
    io.stderr.write(`threadline: follow takes one FILE, or -- and a command\n${USAGE}\n`);
    return 2;
  }

  const session = createSession({ workers: 0 });
  const printer = new Printer(session, io.stdout);
  const unsubscribe = session.onDidChange(() => void printer.drain());

  const ac = new AbortController();
  const onSignal = () => ac.abort();
  if (io.signal) io.signal.addEventListener('abort', onSignal, { once: true });
  else { process.once('SIGINT', onSignal); process.once('SIGTERM', onSignal); }

  let code = 0;
  try {
    if (argv) {
      const label = argv.join(' ');
      const f = runCommand(argv, session.addStream(`$ ${label}`), { stderrSink: session.addStream(`$ ${label} (stderr)`), signal: ac.signal });
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
        const end = () => { sink.end(); resolve(); };
        stdin.on('data', (c: Buffer | string) => sink.write(c));
        stdin.once('end', end);
        stdin.once('error', end);
        ac.signal.addEventListener('abort', end, { once: true });
      });
    } else {
      let failed: string | null = null;
      const f = followFile(file!, session.addStream(file!), {
        fromStart,
        signal: ac.signal,
        onEvent: (e: FileFollowEvent) => {
          if (e.type === 'rotated') io.stderr.write(`threadline: ${file} rotated; reading the new file\n`);
          else if (e.type === 'truncated') io.stderr.write(`threadline: ${file} truncated; reading from the start\n`);
          else if (e.type === 'missing') io.stderr.write(`threadline: ${file} does not exist yet; waiting for it\n`);
          else if (e.type === 'error') { failed = e.message; ac.abort(); }
        },
      });
      await f.done;
      if (failed) { io.stderr.write(`threadline: ${failed}\n`); code = 1; }
    }
    await printer.drain();
  } finally {
    unsubscribe();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  const st = session.stats();
  const bad = session.sources().reduce((n, s) => n + s.badLines.length, 0);
  io.stderr.write(`threadline: ${printer.printed} records printed, ${st.records} read, ${bad} bad lines${st.evicted ? `, ${st.evicted} evicted` : ''}\n`);
  session.dispose();
  return code;
}
