// Commands for live sources: follow a file, follow a command, start/stop the telemetry receiver, stop/restart a
// source from the Sources view. The work is done by `core/live`; this only asks, shows and keeps the UI fresh
// (at most 10 refreshes a second, however fast the sources write).

import * as vscode from 'vscode';
import type { SessionApi } from '../../core/session/api';
import {
  CommandSource,
  DEFAULT_PORTS,
  FileSource,
  ReceiverSource,
  type LiveEvent,
  type LiveSource,
} from '../../core/live/index';
import { parseAllowedOrigins } from '../../core/live/receiver/browser';

export interface LiveDeps {
  session: SessionApi;
  refresh(): void;
}

const HISTORY_KEY = 'threadline.commandHistory';
const HISTORY_MAX = 20;
const RECEIVER_CONTEXT = 'threadline.receiverRunning';

/** Live sources currently known, by the session stream names they write; exported for tests. */
export interface LiveRegistry {
  all(): readonly LiveSource[];
  byStreamName(name: string): LiveSource | undefined;
  receiver(): ReceiverSource | null;
}

let current: LiveRegistry | null = null;
/** The running extension's registry (tests inspect it through the extension's exports). */
export function liveRegistry(): LiveRegistry | null {
  return current;
}

function throttle(fn: () => void, ms: number): { (): void; dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const t = () => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(run, wait);
  };
  t.dispose = () => {
    if (timer) clearTimeout(timer);
  };
  return t;
}

/** A Sources-view node, a stream name, or nothing (then: pick from the running sources). */
function streamNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { name?: unknown; source?: { name?: unknown } };
    if (typeof o.source?.name === 'string') return o.source.name;
    if (typeof o.name === 'string') return o.name;
  }
  return undefined;
}

function describe(s: LiveSource | undefined) {
  return s
    ? { kind: s.kind, label: s.label, state: s.state, detail: s.detail, streamNames: [...s.streamNames] }
    : undefined;
}

function trustedCommands(): string[] {
  const inspected = vscode.workspace.getConfiguration('threadline').inspect<unknown>('commands');
  // A workspace's own settings may only offer commands once the user trusts that workspace.
  const layers = vscode.workspace.isTrusted
    ? [inspected?.workspaceFolderValue, inspected?.workspaceValue, inspected?.globalValue]
    : [inspected?.globalValue];
  const out: string[] = [];
  for (const l of layers)
    if (Array.isArray(l)) for (const c of l) if (typeof c === 'string' && c.trim()) out.push(c.trim());
  return [...new Set(out)];
}

function port(name: string, fallback: number): number | null {
  const v = vscode.workspace.getConfiguration('threadline').get<unknown>(`receiver.${name}`);
  if (v === null || v === false) return null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 65536) return v;
  return fallback;
}

/** What the Sources view adds to a live stream's row: requests from web pages its receiver refused. */
export function liveRowNote(streamName: string): string | undefined {
  const s = current?.byStreamName(streamName);
  if (!(s instanceof ReceiverSource)) return undefined;
  const n = s.browserRefused(streamName);
  return n > 0 ? `${n.toLocaleString('en-US')} browser request${n === 1 ? '' : 's'} refused` : undefined;
}

/** `threadline.receiver.allowedOrigins`, normalised; entries that are not origins are reported once. */
function readAllowedOrigins(warn: (m: string) => void): ReadonlySet<string> {
  const v = vscode.workspace.getConfiguration('threadline').get<unknown>('receiver.allowedOrigins');
  const { origins, invalid } = parseAllowedOrigins(Array.isArray(v) ? v : []);
  if (invalid.length > 0) warn(`threadline.receiver.allowedOrigins: not an origin (ignored): ${invalid.join(', ')}`);
  return origins;
}

export function registerLiveSources(context: vscode.ExtensionContext, deps: LiveDeps): vscode.Disposable {
  const sources: LiveSource[] = [];
  let receiver: ReceiverSource | null = null;
  const output = vscode.window.createOutputChannel('Threadline Live', { log: true });
  const refresh = throttle(() => deps.refresh(), 100);
  const statusItem = vscode.window.createStatusBarItem('threadline.receiver', vscode.StatusBarAlignment.Left, 10);
  // read on every request through this function, so a settings change applies to a running receiver
  let allowedOrigins = readAllowedOrigins((m) => output.warn(m));
  const originsWatch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('threadline.receiver.allowedOrigins')) return;
    allowedOrigins = readAllowedOrigins((m) => output.warn(m));
  });
  statusItem.name = 'Threadline Receiver';
  statusItem.command = 'threadline.stopReceiver';

  const hooks = {
    onEvent(e: LiveEvent) {
      if (e.severity === 'error') output.error(e.message);
      else if (e.severity === 'warning') output.warn(e.message);
      else output.info(e.message);
      if (e.source.kind === 'command' && e.source.state === 'failed') {
        const cmd = e.source as CommandSource;
        void vscode.window
          .showErrorMessage(`Threadline: ${cmd.label} ${cmd.detail ?? ''}`, 'Show Output', 'Restart')
          .then((choice) => {
            if (choice === 'Show Output') {
              for (const l of cmd.stderrTail()) output.error(`stderr: ${l}`);
              output.show(true);
            } else if (choice === 'Restart') void cmd.restart();
          });
      }
      refresh();
    },
    onStateChange() {
      refresh();
    },
  };

  const registry: LiveRegistry = {
    all: () => sources,
    byStreamName: (name) => sources.find((s) => s.streamNames.includes(name)),
    receiver: () => receiver,
  };
  current = registry;

  const updateReceiverUi = () => {
    const running = receiver !== null && receiver.receiver !== null;
    void vscode.commands.executeCommand('setContext', RECEIVER_CONTEXT, running);
    if (running) {
      statusItem.text = `$(radio-tower) ${receiver!.describePorts()}`;
      statusItem.tooltip = 'Threadline is receiving telemetry on 127.0.0.1. Click to stop.';
      statusItem.show();
    } else statusItem.hide();
  };

  async function follow(arg?: unknown, opts?: { fromStart?: boolean }): Promise<LiveSource | undefined> {
    let path: string | undefined;
    if (arg instanceof vscode.Uri) path = arg.fsPath;
    else if (typeof arg === 'string') path = arg;
    else {
      const active = vscode.window.activeTextEditor?.document.uri;
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Follow',
        title: 'Threadline: Follow File',
        defaultUri: active?.scheme === 'file' ? active : vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      path = picked?.[0]?.fsPath;
    }
    if (!path) return undefined;
    let fromStart = opts?.fromStart;
    if (fromStart === undefined) {
      const choice = await vscode.window.showQuickPick(
        [
          { label: 'Whole file, then new lines', fromStart: true },
          { label: 'Only new lines', fromStart: false },
        ],
        { title: `Follow ${path}`, placeHolder: 'What to read' },
      );
      if (!choice) return undefined;
      fromStart = choice.fromStart;
    }
    const s = new FileSource(path, deps.session, hooks, { fromStart });
    sources.push(s);
    output.info(`following ${path}`);
    refresh();
    return s;
  }

  async function pickCommand(): Promise<string | undefined> {
    const history = context.globalState.get<string[]>(HISTORY_KEY, []);
    const configured = trustedCommands();
    type Item = vscode.QuickPickItem & { commandLine?: string };
    const items: Item[] = [
      ...history.map((c) => ({ label: c, description: 'recent', commandLine: c })),
      ...configured
        .filter((c) => !history.includes(c))
        .map((c) => ({ label: c, description: 'threadline.commands', commandLine: c })),
    ];
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = 'Threadline: Follow Command';
    qp.placeholder =
      'Type a command line (run by your shell), or pick one: kubectl logs -f deploy/api, docker logs -f api, …';
    qp.items = items;
    qp.matchOnDescription = true;
    return new Promise<string | undefined>((resolve) => {
      let done = false;
      const finish = (v: string | undefined) => {
        if (!done) {
          done = true;
          resolve(v);
          qp.dispose();
        }
      };
      qp.onDidChangeValue((v) => {
        // What is typed is always offered as itself, first.
        const typed = v.trim();
        qp.items =
          typed && !items.some((i) => i.commandLine === typed)
            ? [{ label: typed, description: 'run this', commandLine: typed, alwaysShow: true }, ...items]
            : items;
      });
      qp.onDidAccept(() => finish(qp.selectedItems[0]?.commandLine ?? (qp.value.trim() || undefined)));
      qp.onDidHide(() => finish(undefined));
      qp.show();
    });
  }

  async function followCmd(arg?: unknown): Promise<LiveSource | undefined> {
    const commandLine = typeof arg === 'string' && arg.trim() ? arg.trim() : await pickCommand();
    if (!commandLine) return undefined;
    const history = context.globalState.get<string[]>(HISTORY_KEY, []).filter((c) => c !== commandLine);
    await context.globalState.update(HISTORY_KEY, [commandLine, ...history].slice(0, HISTORY_MAX));
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const s = new CommandSource(commandLine, deps.session, hooks, { cwd });
    sources.push(s);
    output.info(`running ${commandLine}${cwd ? ` in ${cwd}` : ''}`);
    refresh();
    return s;
  }

  /** `ports` (from a caller, e.g. a test or a task) overrides the settings; null turns a listener off. */
  async function startReceiverCmd(ports?: unknown): Promise<ReceiverSource | undefined> {
    if (receiver?.receiver) {
      void vscode.window.showInformationMessage(
        `Threadline is already receiving telemetry: ${receiver.describePorts()}`,
      );
      return receiver;
    }
    const given = (ports && typeof ports === 'object' ? ports : {}) as Record<string, unknown>;
    const pick = (k: 'otlpPort' | 'zipkinPort' | 'jsonLinesPort', d: number) =>
      given[k] === null ? null : typeof given[k] === 'number' ? (given[k] as number) : port(k, d);
    const settings = {
      otlpPort: pick('otlpPort', DEFAULT_PORTS.otlp),
      zipkinPort: pick('zipkinPort', DEFAULT_PORTS.zipkin),
      jsonLinesPort: pick('jsonLinesPort', DEFAULT_PORTS.jsonLines),
      allowedOrigins: () => allowedOrigins,
    };
    if (receiver) receiver.settings = settings;
    try {
      if (receiver) await receiver.restart();
      else {
        receiver = await ReceiverSource.start(deps.session, hooks, settings);
        sources.push(receiver);
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`Threadline: could not start the receiver: ${(e as Error).message}`);
      updateReceiverUi();
      return undefined;
    }
    updateReceiverUi();
    const listening = receiver.describePorts();
    output.info(`receiving on 127.0.0.1: ${listening}`);
    void vscode.window.showInformationMessage(
      `Threadline is receiving telemetry on 127.0.0.1 — ${listening}. Point OTEL_EXPORTER_OTLP_ENDPOINT at ` +
        `http://127.0.0.1:${receiver.receiver?.ports.otlp ?? DEFAULT_PORTS.otlp}.`,
    );
    refresh();
    return receiver;
  }

  async function stopReceiverCmd(): Promise<void> {
    if (!receiver?.receiver) return;
    await receiver.stop();
    updateReceiverUi();
    output.info('receiver stopped');
    vscode.window.setStatusBarMessage('Threadline: telemetry receiver stopped', 5000);
    refresh();
  }

  async function chooseSource(
    arg: unknown,
    verb: string,
    applies: (s: LiveSource) => boolean = () => true,
  ): Promise<LiveSource | undefined> {
    const name = streamNameOf(arg);
    if (name) {
      const s = registry.byStreamName(name);
      if (!s)
        void vscode.window.showWarningMessage(
          `Threadline: "${name}" is not a live source (files opened for reading are complete already).`,
        );
      return s;
    }
    const candidates = sources.filter(applies);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(`Threadline: no live source to ${verb.toLowerCase()}.`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      candidates.map((s) => ({ label: s.label, description: s.state + (s.detail ? ` — ${s.detail}` : ''), s })),
      { title: `${verb} which source?` },
    );
    return pick?.s;
  }

  const disposables: vscode.Disposable[] = [
    output,
    statusItem,
    originsWatch,
    // Handlers answer with plain data (what started, under which stream names), for callers and tests.
    vscode.commands.registerCommand('threadline.follow', async (arg?: unknown, opts?: { fromStart?: boolean }) =>
      describe(await follow(arg, opts)),
    ),
    vscode.commands.registerCommand('threadline.followCommand', async (arg?: unknown) =>
      describe(await followCmd(arg)),
    ),
    vscode.commands.registerCommand('threadline.startReceiver', async (ports?: unknown) => {
      const r = await startReceiverCmd(ports);
      return r ? { ...describe(r), ports: { ...r.receiver?.ports } } : undefined;
    }),
    vscode.commands.registerCommand('threadline.stopReceiver', () => stopReceiverCmd()),
    vscode.commands.registerCommand('threadline.stopSource', async (arg?: unknown) => {
      const s = await chooseSource(arg, 'Stop', (x) => x.state === 'running' || x.state === 'paused');
      if (!s) return;
      if (s === receiver) await stopReceiverCmd();
      else await s.stop();
      refresh();
    }),
    vscode.commands.registerCommand('threadline.pauseSource', async (arg?: unknown) => {
      const s = await chooseSource(arg, 'Pause', (x) => x.state === 'running');
      if (!s || s.state !== 'running') return describe(s);
      s.pause();
      output.info(`paused ${s.label}: new data is held (up to 64 MiB, then the producer waits)`);
      refresh();
      return describe(s);
    }),
    vscode.commands.registerCommand('threadline.resumeSource', async (arg?: unknown) => {
      const s = await chooseSource(arg, 'Resume', (x) => x.state === 'paused');
      if (!s || s.state !== 'paused') return describe(s);
      s.resume();
      output.info(`resumed ${s.label}`);
      refresh();
      return describe(s);
    }),
    vscode.commands.registerCommand('threadline.restartSource', async (arg?: unknown) => {
      const s = await chooseSource(arg, 'Restart');
      if (!s) return;
      await s.restart();
      if (s === receiver) updateReceiverUi();
      refresh();
    }),
  ];
  updateReceiverUi();

  return new vscode.Disposable(() => {
    refresh.dispose();
    for (const s of sources) void s.stop();
    if (current === registry) current = null;
    void vscode.commands.executeCommand('setContext', RECEIVER_CONTEXT, false);
    for (const d of disposables) d.dispose();
  });
}
