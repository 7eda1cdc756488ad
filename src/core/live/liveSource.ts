// Live sources as the UI and the CLI manage them: a follower (file, command, receiver) behind one small
// interface, restartable, each run writing to its own session stream so a finished run keeps its records and
// its exit status while the next run goes on.

import type { SessionApi, StreamSink } from '../session/api';
import { followCommand, type CommandExit, type CommandFollower } from './followCommand';
import { followFile, type FileFollowEvent, type FileFollower } from './followFile';
import { startReceiver, type ListenerKind, type Receiver, type ReceiverOptions } from './receiver/index';

export type LiveKind = 'file' | 'command' | 'receiver';
export type LiveState = 'running' | 'paused' | 'stopped' | 'exited' | 'failed';

export interface LiveEvent {
  source: LiveSource;
  /** What happened, in a sentence for a notification or an output channel. */
  message: string;
  severity: 'info' | 'warning' | 'error';
}

export interface LiveSource {
  readonly kind: LiveKind;
  /** What the user asked for: a path, a command line, "OTLP/Zipkin receiver". */
  readonly label: string;
  /** Session stream names of every run so far (stderr streams too). */
  readonly streamNames: readonly string[];
  readonly state: LiveState;
  /** Exit of the last command run, or the reason a source failed. */
  readonly detail: string | null;
  stop(): Promise<void>;
  restart(): Promise<void>;
  pause(): void;
  resume(): void;
}

export interface LiveHooks {
  onEvent?(e: LiveEvent): void;
  /** Called whenever a source's state changes (start, exit, stop). */
  onStateChange?(s: LiveSource): void;
}

/** Stream name for run `n` of a source: the first run has the plain name, later ones are numbered. */
const runName = (base: string, n: number) => (n === 1 ? base : `${base} #${n}`);

abstract class BaseSource implements LiveSource {
  abstract readonly kind: LiveKind;
  readonly streamNames: string[] = [];
  state: LiveState = 'running';
  detail: string | null = null;
  protected runs = 0;
  constructor(
    readonly label: string,
    protected readonly session: SessionApi,
    protected readonly hooks: LiveHooks,
  ) {}
  protected changed() {
    try {
      this.hooks.onStateChange?.(this);
    } catch {
      /* listener's problem */
    }
  }
  protected event(message: string, severity: LiveEvent['severity'] = 'info') {
    try {
      this.hooks.onEvent?.({ source: this, message, severity });
    } catch {
      /* listener's problem */
    }
  }
  protected stream(base: string): StreamSink {
    const name = runName(base, this.runs);
    this.streamNames.push(name);
    return this.session.addStream(name);
  }
  /** A stream that appears in the session only once something is written to it (most commands' stderr is empty). */
  protected lazyStream(base: string): StreamSink {
    let sink: StreamSink | null = null;
    const get = () => (sink ??= this.stream(base));
    const name = runName(base, this.runs);
    return {
      write: (chunk) => get().write(chunk),
      writeDocument: (value, origin) => get().writeDocument(value, origin),
      end: () => sink?.end(),
      summary: () =>
        sink?.summary() ?? {
          name,
          kind: 'stream',
          lines: 0,
          recordLines: 0,
          records: 0,
          spans: 0,
          continuationLines: 0,
          badLines: [],
          formats: {},
          bytes: 0,
          bytesDone: 0,
          done: false,
          error: null,
          elapsedMs: 0,
        },
    };
  }
  abstract stop(): Promise<void>;
  abstract restart(): Promise<void>;
  abstract pause(): void;
  abstract resume(): void;
}

export class FileSource extends BaseSource {
  readonly kind = 'file' as const;
  private follower: FileFollower | null = null;
  private resumeAt: { ino: number; offset: number } | undefined;
  constructor(
    readonly path: string,
    session: SessionApi,
    hooks: LiveHooks,
    private readonly opts: { fromStart?: boolean; pollMs?: number } = {},
  ) {
    super(path, session, hooks);
    this.start(opts.fromStart ?? false);
  }
  private start(fromStart: boolean) {
    this.runs++;
    const sink = this.stream(this.path);
    this.state = 'running';
    this.detail = null;
    this.follower = followFile(this.path, sink, {
      fromStart,
      resumeAt: this.resumeAt,
      pollMs: this.opts.pollMs,
      onEvent: (e: FileFollowEvent) => {
        if (e.type === 'rotated')
          this.event(`${this.path} was rotated: finished the old file (${e.oldBytes} bytes), now reading the new one`);
        else if (e.type === 'truncated')
          this.event(
            `${this.path} was truncated (${e.from} → ${e.to} bytes): reading it again from the start`,
            'warning',
          );
        else if (e.type === 'missing') this.event(`${this.path} does not exist (yet): waiting for it`, 'warning');
        else if (e.type === 'error') {
          this.detail = e.message;
          this.event(e.message, 'error');
        }
      },
    });
    this.changed();
  }
  async stop() {
    if (this.follower) {
      await this.follower.stop();
      const st = this.follower.stats();
      if (st.ino >= 0) this.resumeAt = { ino: st.ino, offset: st.offset };
    }
    this.follower = null;
    this.state = 'stopped';
    this.changed();
  }
  /** Follows again from where the stopped run ended: what was written meanwhile is read, nothing twice. */
  async restart() {
    await this.stop();
    this.start(false);
  }
  pause() {
    this.follower?.pause();
    if (this.follower) {
      this.state = 'paused';
      this.changed();
    }
  }
  resume() {
    this.follower?.resume();
    if (this.follower) {
      this.state = 'running';
      this.changed();
    }
  }
}

export function describeExit(e: CommandExit): string {
  if (e.error) return `could not start: ${e.error}`;
  if (e.stopped) return 'stopped';
  if (e.signal) return `ended by ${e.signal}`;
  return `exited with code ${e.code}`;
}

export class CommandSource extends BaseSource {
  readonly kind = 'command' as const;
  private follower: CommandFollower | null = null;
  lastExit: CommandExit | null = null;
  constructor(
    readonly commandLine: string,
    session: SessionApi,
    hooks: LiveHooks,
    private readonly opts: { cwd?: string; env?: Record<string, string> } = {},
  ) {
    super(`$ ${commandLine}`, session, hooks);
    this.start();
  }
  private start() {
    this.runs++;
    const out = this.stream(this.label);
    const err = this.lazyStream(`${this.label} (stderr)`);
    this.state = 'running';
    this.detail = null;
    const f = followCommand(this.commandLine, out, { cwd: this.opts.cwd, env: this.opts.env, stderrSink: err });
    this.follower = f;
    void f.exited.then((exit) => {
      if (this.follower !== f) return;
      this.lastExit = exit;
      const tail = f.stats().lastStderr;
      this.detail =
        describeExit(exit) + (exit.code !== 0 && !exit.stopped && tail.length ? `: ${tail[tail.length - 1]}` : '');
      this.state = exit.stopped ? 'stopped' : exit.code === 0 ? 'exited' : 'failed';
      this.event(`${this.label} ${this.detail}`, this.state === 'failed' ? 'error' : 'info');
      this.changed();
    });
    this.changed();
  }
  stderrTail(): string[] {
    return this.follower?.stats().lastStderr ?? [];
  }
  async stop() {
    const f = this.follower;
    if (f) await f.stop();
  }
  async restart() {
    await this.stop();
    this.start();
  }
  pause() {
    this.follower?.pause();
    if (this.state === 'running') {
      this.state = 'paused';
      this.changed();
    }
  }
  resume() {
    this.follower?.resume();
    if (this.state === 'paused') {
      this.state = 'running';
      this.changed();
    }
  }
}

export type ReceiverSettings = Omit<ReceiverOptions, 'sinkFor'>;

const LISTENER_NAMES = { otlp: 'OTLP receiver', zipkin: 'Zipkin receiver', jsonLines: 'JSON lines receiver' } as const;

export class ReceiverSource extends BaseSource {
  readonly kind = 'receiver' as const;
  receiver: Receiver | null = null;
  /** Which listener writes each stream (for its counts on the stream's row). */
  private readonly listenerOf = new Map<string, { kind: ListenerKind; receiver: () => Receiver | null }>();
  /** Origins already logged: a page that keeps posting is counted, not logged again. */
  private readonly loggedOrigins = new Set<string>();
  private constructor(
    session: SessionApi,
    hooks: LiveHooks,
    public settings: ReceiverSettings,
  ) {
    super('Telemetry receiver', session, hooks);
  }
  static async start(session: SessionApi, hooks: LiveHooks, settings: ReceiverSettings): Promise<ReceiverSource> {
    const s = new ReceiverSource(session, hooks, settings);
    await s.listen();
    return s;
  }
  private refusedBrowser(listener: string, origin: string) {
    if (this.loggedOrigins.has(origin)) {
      this.changed();
      return;
    }
    this.loggedOrigins.add(origin);
    this.event(
      `${listener}: refused a request from a web page with Origin ${origin} (nothing of it was read). ` +
        'If that page is yours, add its origin to threadline.receiver.allowedOrigins; ' +
        "further requests from it are counted on the receiver's row, not logged.",
      'warning',
    );
  }
  private async listen() {
    this.runs++;
    let self: Receiver | null = null;
    this.receiver = self = await startReceiver({
      ...this.settings,
      sinkFor: (kind, port) => {
        const sink = this.stream(`${LISTENER_NAMES[kind]} ${this.settings.host ?? '127.0.0.1'}:${port}`);
        this.listenerOf.set(this.streamNames[this.streamNames.length - 1]!, { kind, receiver: () => self });
        return sink;
      },
      onRequest: (kind, e) => {
        if (e.browserOrigin !== undefined) this.refusedBrowser(LISTENER_NAMES[kind], e.browserOrigin);
        else if (e.status >= 400) {
          this.event(`${LISTENER_NAMES[kind]}: ${e.status} for ${e.path} from ${e.remote}: ${e.message}`, 'warning');
        } else if (e.rejected > 0) this.event(`${LISTENER_NAMES[kind]}: ${e.message}`, 'warning');
      },
      onConnection: (e) => {
        if (e.type === 'http') this.refusedBrowser(LISTENER_NAMES.jsonLines, e.origin ?? 'null');
        else if (e.type === 'overlong' || e.type === 'refused') {
          this.event(`${LISTENER_NAMES.jsonLines}: ${e.message} (${e.remote})`, 'warning');
        }
      },
    });
    this.state = 'running';
    this.changed();
  }
  /** Browser requests the listener writing `streamName` refused, in that listener's run (0 for other streams). */
  browserRefused(streamName: string): number {
    const l = this.listenerOf.get(streamName);
    return l?.receiver()?.stats()[l.kind]?.browserRefused ?? 0;
  }
  /** "OTLP :4318, Zipkin :9411, JSON lines :5170" */
  describePorts(): string {
    const p = this.receiver?.ports;
    if (!p) return 'not listening';
    return [
      p.otlp !== null ? `OTLP/HTTP :${p.otlp}` : '',
      p.zipkin !== null ? `Zipkin :${p.zipkin}` : '',
      p.jsonLines !== null ? `JSON lines (TCP) :${p.jsonLines}` : '',
    ]
      .filter(Boolean)
      .join(', ');
  }
  async stop() {
    await this.receiver?.close();
    this.receiver = null;
    this.state = 'stopped';
    this.changed();
  }
  async restart() {
    await this.stop();
    await this.listen();
  }
  pause() {
    this.receiver?.pause();
    if (this.receiver) {
      this.state = 'paused';
      this.changed();
    }
  }
  resume() {
    this.receiver?.resume();
    if (this.receiver) {
      this.state = 'running';
      this.changed();
    }
  }
}
