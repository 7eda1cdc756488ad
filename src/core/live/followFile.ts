// Follow a file like `tail -F`: new bytes as they are written; rotation (the path now names another file) and
// truncation (the file shrank) are detected, the old file is read to its end before switching, and nothing is
// read twice. fs.watch gives prompt wake-ups where the platform has it; a poll keeps it correct where it does
// not (network file systems, some containers) and catches what watch misses.

import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { StreamSink } from '../session/api';
import { PausableSink } from './pausable';

export type FileFollowEvent =
  | { type: 'opened'; path: string; offset: number }
  | { type: 'rotated'; path: string; oldBytes: number }
  | { type: 'truncated'; path: string; from: number; to: number }
  | { type: 'missing'; path: string }
  | { type: 'error'; path: string; message: string };

export interface FollowFileOptions {
  signal?: AbortSignal;
  /** Poll interval in ms (default 250). */
  pollMs?: number;
  /** Read the existing content first (default false: start at the end, like `tail -f -n 0`). */
  fromStart?: boolean;
  onEvent?: (e: FileFollowEvent) => void;
  /** End the sink when following stops (default true). */
  endSink?: boolean;
  /** While paused, how much to read ahead before waiting (default 64 MiB). */
  pauseBufferBytes?: number;
  /**
   * Carry on where an earlier follower stopped (its `stats()`): from that offset when the path still names the
   * same file and it has not shrunk, else (rotated or truncated meanwhile) from the start of what is there now.
   */
  resumeAt?: { ino: number; offset: number };
}

export interface FileFollower {
  readonly path: string;
  /** Resolves when following stopped (abort or `stop()`). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  stats(): { bytes: number; rotations: number; truncations: number; offset: number; ino: number };
}

// Small enough that indexing one chunk never holds the event loop for long (the extension host shares it).
const CHUNK = 64 * 1024;
const NL = 0x0a;

export function followFile(path: string, sink: StreamSink, opts: FollowFileOptions = {}): FileFollower {
  const pollMs = opts.pollMs ?? 250;
  const out = new PausableSink(sink, opts.pauseBufferBytes);
  const emit = (e: FileFollowEvent) => {
    try {
      opts.onEvent?.(e);
    } catch {
      /* a listener's failure is not ours */
    }
  };

  let fh: FileHandle | null = null;
  let ino = -1;
  let dev = -1;
  let pos = 0;
  let bytes = 0;
  let rotations = 0;
  let truncations = 0;
  let lastByte = NL;
  let stopped = false;
  let running = false;
  let again = false;
  let missingReported = false;
  let first = true;
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const buf = Buffer.allocUnsafe(CHUNK);

  /** A line cut short by rotation or truncation is finished here, so it cannot fuse with the next file's first line. */
  const terminate = () => {
    if (lastByte !== NL) {
      out.write('\n');
      lastByte = NL;
    }
  };

  async function openPath(atEnd: boolean): Promise<boolean> {
    let h: FileHandle;
    try {
      h = await open(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        if (!missingReported) {
          missingReported = true;
          emit({ type: 'missing', path });
        }
      } else {
        emit({ type: 'error', path, message: (e as Error).message });
        void stop(); // permissions and the like do not fix themselves: stop instead of repeating the error
      }
      return false;
    }
    const st = await h.stat();
    if (!st.isFile()) {
      // A pipe or device has no size or offsets to follow by; reading one here would tie up a thread pool slot.
      await h.close();
      emit({
        type: 'error',
        path,
        message:
          `${path} is not a regular file (${st.isDirectory() ? 'a directory' : 'a pipe or device'}): follow ` +
          `a command such as \`cat ${path}\` instead`,
      });
      void stop();
      return false;
    }
    fh = h;
    ino = st.ino;
    dev = st.dev;
    pos = atEnd ? st.size : 0;
    if (first && opts.resumeAt)
      pos = opts.resumeAt.ino === st.ino && opts.resumeAt.offset <= st.size ? opts.resumeAt.offset : 0;
    missingReported = false;
    emit({ type: 'opened', path, offset: pos });
    return true;
  }

  /** Reads what the open file holds past `pos`. Returns false when it stopped early because the sink is full. */
  async function drain(): Promise<boolean> {
    while (fh && !stopped) {
      if (!out.accepting) return false;
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) return true;
      pos += bytesRead;
      bytes += bytesRead;
      lastByte = buf[bytesRead - 1];
      // The sink may keep the buffer (the pause queue does): hand it a copy.
      out.write(Buffer.from(buf.subarray(0, bytesRead)));
    }
    return true;
  }

  async function check(): Promise<void> {
    if (!fh) {
      if (!(await openPath(first && !opts.fromStart))) {
        first = false;
        return;
      }
      first = false;
    }
    if (!(await drain())) return;
    const h = fh!;
    const st = await h.stat();
    if (st.size < pos) {
      truncations++;
      emit({ type: 'truncated', path, from: pos, to: st.size });
      terminate();
      pos = 0;
      if (!(await drain())) return;
    }
    let now: Awaited<ReturnType<typeof stat>> | null = null;
    try {
      now = await stat(path);
    } catch {
      now = null;
    }
    if (now && (now.ino !== ino || now.dev !== dev)) {
      // Rotated: finish the old file (whatever was written before the rename), then switch to the new one.
      if (!(await drain())) return;
      const oldBytes = pos;
      terminate();
      await h.close().catch(() => {});
      fh = null;
      rotations++;
      emit({ type: 'rotated', path, oldBytes });
      if (await openPath(false)) await drain();
    }
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await check();
      } while (again && !stopped);
    } catch (e) {
      emit({ type: 'error', path, message: (e as Error).message });
    } finally {
      running = false;
    }
  }

  function startWatch() {
    try {
      // Watch the directory, not the file: a rename or a new file at the path is seen there.
      watcher = watch(dirname(path), { persistent: false }, (_ev, name) => {
        if (!name || name === basename(path)) void tick();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
      });
    } catch {
      watcher = null; // polling alone
    }
  }

  const offDrain = out.onDrain(() => void tick());
  const stop = async () => {
    if (stopped) return done;
    stopped = true;
    if (timer) clearInterval(timer);
    watcher?.close();
    offDrain();
    while (running) await new Promise((r) => setTimeout(r, 5));
    await fh?.close().catch(() => {});
    fh = null;
    out.resume();
    if (opts.endSink !== false) out.end();
    resolveDone();
    return done;
  };
  if (opts.signal) {
    if (opts.signal.aborted) void stop();
    else opts.signal.addEventListener('abort', () => void stop(), { once: true });
  }

  if (!stopped) {
    startWatch();
    timer = setInterval(() => void tick(), pollMs);
    void tick();
  }

  return {
    path,
    done,
    stop,
    pause: () => out.pause(),
    resume: () => {
      out.resume();
      void tick();
    },
    get paused() {
      return out.paused;
    },
    stats: () => ({ bytes, rotations, truncations, offset: pos, ino }),
  };
}
