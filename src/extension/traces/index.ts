// Entry point of the Traces table: `threadline.showTraces` opens (or focuses) one editor tab listing the groups
// of a grouping; its rows and dots open the timeline and the Logs view.

import * as vscode from 'vscode';
import { groupRefKey, type GroupBy, type GroupRef } from '../../core/session/api';
import type { Services } from '../services';
import { SHOW_LOGS_COMMAND } from '../logs';
import { TracesFeed } from './feed';
import { TRACES_VIEW_TYPE, TracesPanel } from './panel';

export const SHOW_TRACES_COMMAND = 'threadline.showTraces';

/** `threadline.showTraces`'s scripting argument. */
export interface ShowTracesArgs {
  query?: string;
  by?: GroupBy;
}

export interface TracesHandle {
  /** The open panel, if any (the extension-host tests read it). */
  readonly panel: TracesPanel | null;
  show(args?: ShowTracesArgs): Promise<TracesPanel>;
}

export function registerTraces(context: vscode.ExtensionContext, s: Services): TracesHandle {
  const session = s.host.session;
  const feed = new TracesFeed(session);
  let current: TracesPanel | null = null;

  const links = {
    openTimeline: async (ref: GroupRef) => {
      await vscode.commands.executeCommand('threadline.showTimeline', groupRefKey(ref));
    },
    showLogs: async (ref: GroupRef) => {
      await vscode.commands.executeCommand(SHOW_LOGS_COMMAND, { group: ref });
    },
    filterLogs: async (filter: string) => {
      // every record the filter selects, not those of a group the view was scoped to before
      const logs = s.logs;
      if (!logs) return;
      await logs.show();
      logs.provider.post({ type: 'logsShow', filter, scope: null });
    },
    select: (ref: GroupRef) => {
      // only when the tree is on screen and lists the same grouping: opening the side bar would be no "sync"
      if (!s.groupsView.visible || JSON.stringify(ref.by) !== JSON.stringify(s.host.grouping)) return;
      void s.revealInTree(ref.id);
    },
  };

  const handle: TracesHandle = {
    get panel() {
      return current;
    },
    async show(args) {
      if (!current) {
        const p: TracesPanel = TracesPanel.create(context.extensionUri, feed, links, () => {
          if (current === p) current = null;
        });
        current = p;
      } else current.panel.reveal();
      const p = current;
      await p.whenReady();
      if (args && (args.query !== undefined || args.by !== undefined))
        p.post({
          type: 'tracesShow',
          ...(args.query !== undefined ? { filter: args.query } : {}),
          ...(args.by !== undefined ? { by: args.by } : {}),
        });
      return p;
    },
  };

  context.subscriptions.push(
    // a tab left open survives a window reload: the page restores its own query from getState()
    vscode.window.registerWebviewPanelSerializer(TRACES_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel) {
        current?.dispose();
        const p: TracesPanel = new TracesPanel(webviewPanel, context.extensionUri, feed, links, () => {
          if (current === p) current = null;
        });
        current = p;
      },
    }),
    vscode.commands.registerCommand(SHOW_TRACES_COMMAND, async (arg?: unknown) => {
      const args =
        typeof arg === 'string'
          ? { query: arg }
          : typeof arg === 'object' && arg !== null && !('type' in arg)
            ? (arg as ShowTracesArgs)
            : undefined;
      await handle.show(args);
    }),
    s.host.onDidChange(() => current?.changed()),
    { dispose: () => current?.dispose() },
  );
  return handle;
}
