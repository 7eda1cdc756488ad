// The Zipkin commands: Connect to Zipkin…, Disconnect, Search Traces in Zipkin…, Open Trace by ID…, and Find
// Trace in Zipkin on a group, span or record with a trace ID. Each can be given its input as arguments (tests,
// other commands) and asks for it otherwise. A failure shows one message saying what happened; the command
// then resolves with `{ error: { kind, message } }` instead of throwing.

import * as vscode from 'vscode';
import type { MergeResult } from '../../core/remote/merge';
import { parseQueryText, QueryTextError, queryText } from '../../core/remote/queryText';
import { RemoteTraceError, normalizeTraceId, type TraceQuery } from '../../core/remote/traceStore';
import type { Services } from '../services';
import { noIcons, oneLine } from '../tree/format';
import type { TreeNode } from '../tree/nodes';
import { ZipkinCommand, type ZipkinNode } from './zipkinTree';
import type { ZipkinController, ZipkinSearch } from './zipkinController';

type Failure = { error: { kind: string; message: string } };

function failure(e: unknown): Failure {
  const kind = e instanceof RemoteTraceError ? e.kind : e instanceof QueryTextError ? 'invalid-request' : 'error';
  const message = e instanceof Error ? e.message : String(e);
  const help =
    e instanceof RemoteTraceError && (e.kind === 'unreachable' || e.kind === 'not-a-trace-store')
      ? ['Connect to Zipkin…']
      : [];
  void vscode.window.showErrorMessage(`Threadline: ${message}`, ...help).then((choice) => {
    if (choice) void vscode.commands.executeCommand(ZipkinCommand.Connect);
  });
  return { error: { kind, message } };
}

const DEFAULT_QUERY_SUFFIX = 'lookback=1h limit=20';

export function registerZipkinCommands(zipkin: ZipkinController, services: () => Services): vscode.Disposable {
  const ensureConnected = async (): Promise<boolean> => {
    if (zipkin.url()) return true;
    const r = await vscode.commands.executeCommand<unknown>(ZipkinCommand.Connect);
    return !!r && typeof r === 'object' && 'url' in r;
  };

  /** Fetch, merge, then show the trace's timeline and its group in the tree. */
  const openTrace = async (
    traceId: string,
    opts: { spanId?: string; fetch?: boolean } = {},
  ): Promise<MergeResult | Failure> => {
    if (!(await ensureConnected())) return { error: { kind: 'cancelled', message: 'no Zipkin connected' } };
    let merged: MergeResult;
    try {
      merged =
        opts.fetch === false
          ? await zipkin.loadTrace(traceId)
          : await vscode.window.withProgress(
              { location: vscode.ProgressLocation.Window, title: `Fetching trace ${traceId} from Zipkin` },
              () => zipkin.fetchTrace(traceId),
            );
    } catch (e) {
      return failure(e);
    }
    const s = services();
    s.timeline?.show(merged.groupId, opts.spanId ? { spanId: opts.spanId } : undefined);
    void s.revealInTree(merged.groupId, opts.spanId ?? null, null);
    return merged;
  };

  const connect = async (
    urlArg?: unknown,
    authArg?: unknown,
  ): Promise<{ url: string; services: string[] } | Failure | undefined> => {
    let url = typeof urlArg === 'string' ? urlArg : undefined;
    let authorization: string | null = typeof authArg === 'string' ? authArg : null;
    if (url === undefined) {
      url = await vscode.window.showInputBox({
        title: 'Connect to Zipkin',
        prompt: 'The Zipkin server’s address (its API is at /api/v2 under it)',
        value: zipkin.url() ?? 'http://127.0.0.1:9411',
        ignoreFocusOut: true,
        validateInput: (v) =>
          /^https?:\/\/\S+$/.test(v.trim()) ? null : 'An http:// or https:// address, e.g. http://127.0.0.1:9411',
      });
      if (url === undefined) return undefined;
      const how = await vscode.window.showQuickPick(
        [
          { label: 'No credentials', id: 'none' },
          { label: 'User name and password', description: 'HTTP Basic', id: 'basic' },
          { label: 'Bearer token', id: 'bearer' },
        ],
        { title: 'Connect to Zipkin: credentials (kept in VS Code’s secret storage)', ignoreFocusOut: true },
      );
      if (!how) return undefined;
      if (how.id === 'basic') {
        const user = await vscode.window.showInputBox({ title: 'Zipkin user name', ignoreFocusOut: true });
        if (user === undefined) return undefined;
        const password = await vscode.window.showInputBox({
          title: 'Zipkin password',
          password: true,
          ignoreFocusOut: true,
        });
        if (password === undefined) return undefined;
        authorization = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
      } else if (how.id === 'bearer') {
        const token = await vscode.window.showInputBox({
          title: 'Zipkin bearer token',
          password: true,
          ignoreFocusOut: true,
        });
        if (token === undefined) return undefined;
        authorization = `Bearer ${token.trim()}`;
      }
    }
    try {
      const done = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Connecting to Zipkin' },
        () => zipkin.connect(url!, authorization),
      );
      void vscode.commands.executeCommand('workbench.view.extension.threadline', { preserveFocus: true });
      void vscode.window.showInformationMessage(
        `Threadline: connected to Zipkin at ${done.url} (${done.services.length} services).`,
      );
      return done;
    } catch (e) {
      return failure(e);
    }
  };

  const search = async (arg?: unknown): Promise<ZipkinSearch | Failure | undefined> => {
    if (!(await ensureConnected())) return undefined;
    let query: TraceQuery;
    if (arg && typeof arg === 'object' && !('type' in arg)) query = arg as TraceQuery;
    else if (typeof arg === 'string') {
      try {
        query = parseQueryText(arg);
      } catch (e) {
        return failure(e);
      }
    } else {
      const q = await askQuery(zipkin);
      if (!q) return undefined;
      query = q;
    }
    try {
      const done = await zipkin.search(query);
      if (done.results.length === 0)
        void vscode.window.showInformationMessage(
          `Threadline: no traces in Zipkin match ${done.text || 'the search'}.`,
        );
      return done;
    } catch (e) {
      return failure(e);
    }
  };

  const openById = async (arg?: unknown): Promise<MergeResult | Failure | undefined> => {
    if (typeof arg === 'string') return openTrace(arg);
    if (arg && typeof arg === 'object' && typeof (arg as { traceId?: unknown }).traceId === 'string') {
      const a = arg as ZipkinNode & { traceId: string; spanId?: string; fetch?: boolean };
      return openTrace(a.traceId, {
        ...(a.spanId ? { spanId: a.spanId } : {}),
        ...(a.fetch === false ? { fetch: false } : {}),
      });
    }
    const id = await vscode.window.showInputBox({
      title: 'Open Trace by ID',
      prompt: 'A trace ID (16 or 32 hex digits) to fetch from Zipkin and show with the local records of that trace',
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          normalizeTraceId(v, '');
          return null;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    return id === undefined ? undefined : openTrace(id);
  };

  const findTrace = async (arg?: unknown): Promise<MergeResult | Failure | undefined> => {
    const traceId = traceIdOf(services(), arg);
    if (!traceId) {
      void vscode.window.showInformationMessage('Threadline: this item has no trace ID to look up in Zipkin.');
      return { error: { kind: 'no-trace-id', message: 'no trace ID' } };
    }
    return openTrace(traceId);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(ZipkinCommand.Connect, connect),
    vscode.commands.registerCommand(ZipkinCommand.Disconnect, async () => {
      await zipkin.disconnect();
    }),
    vscode.commands.registerCommand(ZipkinCommand.Search, search),
    vscode.commands.registerCommand(ZipkinCommand.OpenTrace, openById),
    vscode.commands.registerCommand(ZipkinCommand.FindTrace, findTrace),
  );
}

/** Service (from Zipkin's list), then the rest of the search as one editable line. */
async function askQuery(zipkin: ZipkinController): Promise<TraceQuery | undefined> {
  const last = zipkin.searches[0]?.query;
  const names = (async () => {
    try {
      return await (await zipkin.store()).services();
    } catch {
      return [] as string[];
    }
  })();
  type ServiceItem = vscode.QuickPickItem & { service: string | undefined };
  const items: Promise<ServiceItem[]> = names.then((list) => [
    { label: '(any service)', service: undefined },
    // names from the server stay text: `$(` would start an icon
    ...list.map((n) => ({ label: noIcons(oneLine(n, 200)), service: n })),
  ]);
  const picked = await vscode.window.showQuickPick<ServiceItem>(items, {
    title: 'Search Traces in Zipkin (1/2): service',
    placeHolder: 'Service',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const rest = last ? queryText({ ...last, service: undefined }) : DEFAULT_QUERY_SUFFIX;
  const line = await vscode.window.showInputBox({
    title: 'Search Traces in Zipkin (2/2): filters',
    prompt: 'span="name"  tag=value  tag  minDuration=100ms  maxDuration=2s  lookback=1h  limit=20 (all optional)',
    value: rest || DEFAULT_QUERY_SUFFIX,
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        parseQueryText(v);
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (line === undefined) return undefined;
  const q = parseQueryText(line);
  return picked.service ? { ...q, service: picked.service } : q;
}

/** The trace ID of a Groups-view node, a record id, or the tree's selection. */
function traceIdOf(s: Services, arg: unknown): string | null {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'number') return s.host.session.recordSummaries([arg])[0]?.traceId ?? null;
  const node = (arg && typeof arg === 'object' && 'type' in arg ? arg : s.groupsView.selection[0]) as
    TreeNode | undefined;
  if (!node) return null;
  switch (node.type) {
    case 'record':
      return node.record.traceId;
    case 'span':
      return node.node.span.traceId;
    case 'group':
      return node.group.kind === 'trace' ? node.group.key : null;
    default:
      return null;
  }
}
