// The `threadline.patterns` view: the session's message templates by count, each with a sparkline of its rate
// over the session's time range. A click shows the pattern's records in the Logs view (`pattern:ID`); "Hide"
// shows the Logs view without them (`-pattern:ID`). Recomputed after the session changes, off the hot path.

import * as vscode from 'vscode';
import { collectPatterns } from '../../core/patterns/collect';
import type { PatternReport, PatternSummary } from '../../core/patterns/collector';
import type { SessionHost } from '../sessionHost';
import { sparkline } from './sparkline';

export const PatternsCommand = {
  Show: 'threadline.patterns.show',
  Hide: 'threadline.patterns.hide',
  ErrorsFirst: 'threadline.patterns.errorsFirst',
  CountFirst: 'threadline.patterns.countFirst',
  Refresh: 'threadline.patterns.refresh',
} as const;

/** The Logs view's command (src/extension/logs): `{ query }` opens the view with that filter. */
export const SHOW_LOGS_COMMAND = 'threadline.showLogs';

/** Patterns listed; the rest are counted in the view's message. */
const LISTED = 500;
/** Wait after a change before recounting (live sources change many times a second). */
const SETTLE_MS = 1000;

const count = (n: number) => n.toLocaleString('en-US');

export interface PatternNode {
  pattern: PatternSummary;
}

export class PatternsTreeProvider implements vscode.TreeDataProvider<PatternNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PatternNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;
  private timer: NodeJS.Timeout | undefined;
  private running: AbortController | null = null;
  private report: PatternReport | null = null;
  private errorsFirst = false;
  /** Resolves when the list in view reflects the session as of the last change (for tests). */
  private settled: Promise<void> = Promise.resolve();
  view: vscode.TreeView<PatternNode> | null = null;
  private visibility: vscode.Disposable | null = null;
  /** Counting reads every record's message: only while someone can see the list (it recounts when shown). */
  private stale = true;

  constructor(private readonly host: SessionHost) {
    this.sub = host.onDidChange(() => this.schedule());
    this.schedule(0);
  }

  setErrorsFirst(on: boolean): void {
    this.errorsFirst = on;
    void vscode.commands.executeCommand('setContext', 'threadline.patternsErrorsFirst', on);
    this.schedule(0);
  }

  attach(view: vscode.TreeView<PatternNode>): void {
    this.view = view;
    this.visibility = view.onDidChangeVisibility((e) => {
      if (e.visible && this.stale) this.schedule(0);
    });
  }

  /** Recounts now, visible or not (the Refresh command; tests). */
  refresh(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stale = false;
    this.settled = this.recount();
    return this.whenSettled();
  }

  /** The listed patterns once the pending recount is done. */
  async current(): Promise<PatternReport | null> {
    await this.whenSettled();
    return this.report;
  }

  private async whenSettled(): Promise<void> {
    for (;;) {
      const p = this.settled;
      await p;
      if (p === this.settled && this.timer === undefined) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private schedule(delay = SETTLE_MS): void {
    if (this.view && !this.view.visible) {
      this.stale = true;
      return;
    }
    this.stale = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.settled = this.recount();
    }, delay);
  }

  private async recount(): Promise<void> {
    this.running?.abort();
    const abort = (this.running = new AbortController());
    try {
      const opts = { limit: LISTED, errorsFirst: this.errorsFirst, signal: abort.signal };
      const report = await collectPatterns(this.host.session, {}, opts);
      if (abort.signal.aborted) return;
      this.report = report;
      if (this.view) {
        this.view.message =
          report.records === 0
            ? undefined
            : `${report.distinct} patterns in ${report.records.toLocaleString('en-US')} records` +
              (report.distinct > LISTED
                ? ` (the ${LISTED} ${this.errorsFirst ? 'with most errors' : 'most frequent'}` + ' listed)'
                : '') +
              (report.overflow > 0 ? `; ${count(report.overflow)} records of further patterns not counted` : '');
      }
      this.changed.fire(undefined);
    } catch (e) {
      if (abort.signal.aborted) return;
      void vscode.window.showWarningMessage(`Threadline: patterns could not be counted: ${(e as Error).message}`);
    } finally {
      if (this.running === abort) this.running = null;
    }
  }

  getChildren(node?: PatternNode): PatternNode[] {
    if (node || !this.report) return [];
    return this.report.patterns.map((pattern) => ({ pattern }));
  }

  getTreeItem(node: PatternNode): vscode.TreeItem {
    const p = node.pattern;
    const item = new vscode.TreeItem(p.template || '(empty message)', vscode.TreeItemCollapsibleState.None);
    item.id = `pattern:${p.id}`;
    item.description = `${p.count.toLocaleString('en-US')}  ${sparkline(p.series)}`;
    item.iconPath =
      p.errors > 0
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
        : new vscode.ThemeIcon('symbol-string');
    const levels = Object.entries(p.levels)
      .map(([l, n]) => `${l} ${n!.toLocaleString('en-US')}`)
      .join(', ');
    const when = (ns: bigint | null) => (ns === null ? '—' : new Date(Number(ns / 1_000_000n)).toISOString());
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendText(
      `${p.template}\n\n${count(p.count)} records (${levels})\nfirst ${when(p.firstNs)}\nlast ${when(p.lastNs)}\n` +
        `pattern:${p.id}`,
    );
    item.contextValue = 'pattern';
    item.command = { command: PatternsCommand.Show, title: 'Show Records', arguments: [node] };
    return item;
  }

  dispose(): void {
    this.running?.abort();
    if (this.timer) clearTimeout(this.timer);
    this.sub.dispose();
    this.visibility?.dispose();
    this.changed.dispose();
  }
}

/** Asks the Logs view to show a query; says so when the Logs view is not there to ask. */
async function showLogs(query: string): Promise<void> {
  const commands = await vscode.commands.getCommands(true);
  if (!commands.includes(SHOW_LOGS_COMMAND)) {
    void vscode.window.showInformationMessage(`Threadline: the Logs view is not available to show ${query}.`);
    return;
  }
  await vscode.commands.executeCommand(SHOW_LOGS_COMMAND, { query });
}

const idOf = (arg: unknown): string | null => {
  const p = (arg as PatternNode | undefined)?.pattern;
  return typeof p?.id === 'string' ? p.id : null;
};

export function registerPatternsView(context: vscode.ExtensionContext, host: SessionHost): PatternsTreeProvider {
  const tree = new PatternsTreeProvider(host);
  const view = vscode.window.createTreeView('threadline.patterns', { treeDataProvider: tree });
  tree.attach(view);
  context.subscriptions.push(
    tree,
    view,
    vscode.commands.registerCommand(PatternsCommand.Show, async (arg: unknown) => {
      const id = idOf(arg);
      if (id) await showLogs(`pattern:${id}`);
    }),
    vscode.commands.registerCommand(PatternsCommand.Hide, async (arg: unknown) => {
      const id = idOf(arg ?? view.selection[0]);
      if (id) await showLogs(`-pattern:${id}`);
    }),
    vscode.commands.registerCommand(PatternsCommand.ErrorsFirst, () => tree.setErrorsFirst(true)),
    vscode.commands.registerCommand(PatternsCommand.CountFirst, () => tree.setErrorsFirst(false)),
    // Resolves with what the view lists once recounted (plain values, for callers and tests).
    vscode.commands.registerCommand(PatternsCommand.Refresh, async () => {
      await tree.refresh();
      const r = await tree.current();
      const patterns = (r?.patterns ?? []).map(({ id, template, count, errors }) => ({ id, template, count, errors }));
      return { records: r?.records ?? 0, patterns };
    }),
  );
  return tree;
}
