// Run a command line the user typed and stream its output into a session. The string goes to the user's
// shell exactly as typed (they wrote a shell command line: pipes, quotes and `$VAR` mean what they expect);
// nothing from log content ever becomes part of a command. stdout and stderr are cut at newlines separately
// so their lines never splice; stderr can go to its own sink, which is how its lines stay told apart.

import { spawn, type ChildProcess } from 'node:child_process';
import type { StreamSink } from '../session/api';
import { Flow } from './flow';
import { LineAssembler } from './lineAssembler';
import { PausableSink } from './pausable';

export interface CommandExit {
  /** Exit code, or null when ended by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the command could not be started (shell missing, cwd missing, …). */
  error: string | null;
  /** Whether it ended because it was asked to stop. */
  stopped: boolean;
}

export interface FollowCommandOptions {
  signal?: AbortSignal;
  cwd?: string;
  /** Added to (and overriding) the inherited environment. */
  env?: Record<string, string | undefined>;
  /** Where stderr lines go; without it they share the stdout sink (as whole lines). */
  stderrSink?: StreamSink;
  /** End the sink(s) when the command exits (default true). */
  endOnExit?: boolean;
  /** How long a stop waits after SIGTERM before SIGKILL (default 3000 ms). */
  killGraceMs?: number;
  pauseBufferBytes?: number;
  /** Lines of stderr kept for display (default 20). */
  stderrTail?: number;
}

export interface CommandFollower {
  readonly commandLine: string;
  readonly pid: number | undefined;
  readonly exited: Promise<CommandExit>;
  /** Ends the process group: SIGTERM, then SIGKILL after the grace period. */
  stop(): Promise<CommandExit>;
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  stats(): { stdoutBytes: number; stderrBytes: number; stderrLines: number; lastStderr: string[]; running: boolean };
}

function tailLines(ring: string[], chunk: Buffer, keep: number): number {
  // Counting is cheap; only the last few lines are decoded, for display.
  let n = 0;
  for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) n++;
  const text = chunk.subarray(Math.max(0, chunk.length - 4096)).toString('utf8');
  for (const line of text.split('\n').slice(-keep - 1)) if (line.length > 0) ring.push(line.slice(0, 500));
  while (ring.length > keep) ring.shift();
  return n;
}

/**
 * `command` is either a command line the user typed (a string, run by their shell, exactly as typed) or an argv
 * array that already went through the user's shell (the CLI's `follow -- CMD ARGS...`), run directly, so its
 * arguments are not interpreted a second time.
 */
function commandEnv(extra: Record<string, string | undefined> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Inside VS Code this makes any Electron app the user starts (code, a desktop app's CLI) run as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  return { ...env, ...extra };
}

export function followCommand(
  command: string | readonly string[],
  sink: StreamSink,
  opts: FollowCommandOptions = {},
): CommandFollower {
  const commandLine = typeof command === 'string' ? command : command.join(' ');
  const keep = opts.stderrTail ?? 20;
  const out = new PausableSink(sink, opts.pauseBufferBytes);
  const errOut = opts.stderrSink ? new PausableSink(opts.stderrSink, opts.pauseBufferBytes) : out;
  let stdoutBytes = 0;
  let stderrBytes = 0;
  let stderrLines = 0;
  const lastStderr: string[] = [];
  let stopRequested = false;
  let running = true;

  let child: ChildProcess;
  let resolveExit!: (e: CommandExit) => void;
  const exited = new Promise<CommandExit>((r) => (resolveExit = r));
  const finish = (e: CommandExit) => {
    running = false;
    if (opts.endOnExit !== false) {
      out.resume();
      out.end();
      if (errOut !== out) {
        errOut.resume();
        errOut.end();
      }
    }
    resolveExit(e);
  };

  try {
    if (typeof command !== 'string' && command.length === 0) throw new Error('no command given');
    const [file, args, shell] =
      typeof command === 'string' ? [command, [] as string[], true] : [command[0], command.slice(1), false];
    child = spawn(file, args, {
      shell,
      cwd: opts.cwd,
      env: commandEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a stop reaches the whole pipeline the shell started.
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
  } catch (e) {
    queueMicrotask(() => finish({ code: null, signal: null, error: (e as Error).message, stopped: false }));
    return {
      commandLine,
      pid: undefined,
      exited,
      stop: () => exited,
      pause() {},
      resume() {},
      paused: false,
      stats: () => ({ stdoutBytes, stderrBytes, stderrLines, lastStderr, running }),
    };
  }

  const stdout = child.stdout!;
  const stderr = child.stderr!;
  const outFlow = new Flow(stdout, out);
  const errFlow = new Flow(stderr, errOut);
  const outLines = new LineAssembler((b) => outFlow.write(b));
  const errLines = new LineAssembler((b) => errFlow.write(b));
  stdout.on('data', (c: Buffer) => {
    stdoutBytes += c.length;
    outLines.push(c);
    outFlow.read(c.length);
  });
  stderr.on('data', (c: Buffer) => {
    stderrBytes += c.length;
    errFlow.read(c.length);
    stderrLines += tailLines(lastStderr, c, keep);
    errLines.push(c);
  });
  stdout.on('error', () => {});
  stderr.on('error', () => {});

  let spawnError: string | null = null;
  child.on('error', (e) => {
    spawnError = e.message;
  });
  child.on('close', (code, sig) => {
    outLines.flush();
    errLines.flush();
    finish({ code, signal: sig, error: spawnError, stopped: stopRequested });
  });

  let killTimer: NodeJS.Timeout | null = null;
  const kill = (sig: NodeJS.Signals) => {
    if (!running) return;
    try {
      if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      try {
        child.kill(sig);
      } catch {
        /* already gone */
      }
    }
  };
  const stop = (): Promise<CommandExit> => {
    if (!running) return exited;
    stopRequested = true;
    // A paused consumer must not keep the pipe full while the process is asked to end.
    out.resume();
    errOut.resume();
    stdout.resume();
    stderr.resume();
    kill('SIGTERM');
    killTimer = setTimeout(() => kill('SIGKILL'), opts.killGraceMs ?? 3000);
    killTimer.unref();
    return exited.finally(() => {
      if (killTimer) clearTimeout(killTimer);
    });
  };
  if (opts.signal) {
    if (opts.signal.aborted) void stop();
    else opts.signal.addEventListener('abort', () => void stop(), { once: true });
  }

  return {
    commandLine,
    pid: child.pid,
    exited,
    stop,
    pause: () => {
      out.pause();
      errOut.pause();
    },
    resume: () => {
      out.resume();
      errOut.resume();
    },
    get paused() {
      return out.paused;
    },
    stats: () => ({ stdoutBytes, stderrBytes, stderrLines, lastStderr: [...lastStderr], running }),
  };
}
